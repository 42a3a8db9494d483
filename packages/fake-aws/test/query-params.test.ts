import { parseQueryBody, unwrapListMembers } from '../src/protocols/query-params.js';
import { ServiceError } from '../src/service-error.js';

// Decoding the query protocols' form bodies into nested parameters.

describe('parseQueryBody', () => {
  it('reads EC2 lists (1-based, in index order) and nested members', () => {
    const { action, version, params } = parseQueryBody(
      'Action=RunInstances&Version=2016-11-15&TagSpecification.1.Tag.2.Key=b&TagSpecification.1.Tag.1.Key=a' +
        '&TagSpecification.1.ResourceType=instance&Placement.AvailabilityZone=us-east-1a&MinCount=1',
    );
    expect(action).toBe('RunInstances');
    expect(version).toBe('2016-11-15');
    expect(params).toEqual({
      TagSpecification: [{ Tag: [{ Key: 'a' }, { Key: 'b' }], ResourceType: 'instance' }],
      Placement: { AvailabilityZone: 'us-east-1a' },
      MinCount: '1',
    });
  });

  it('reads awsQuery member lists once unwrapped, and an empty value as an empty list marker', () => {
    const { params } = parseQueryBody(
      'Action=CreateStack&StackName=s&Parameters=&Tags.member.1.Key=k&Tags.member.1.Value=v&Capabilities.member.1=CAPABILITY_IAM',
    );
    expect(unwrapListMembers(params)).toEqual({
      StackName: 's',
      Parameters: '',
      Tags: [{ Key: 'k', Value: 'v' }],
      Capabilities: ['CAPABILITY_IAM'],
    });
  });

  it('decodes percent-encoding and plus signs', () => {
    expect(parseQueryBody('TemplateBody=%7B%22a%22%3A1%7D&Name=a+b').params).toEqual({ TemplateBody: '{"a":1}', Name: 'a b' });
  });

  it('treats `__proto__` as a plain name and pollutes no prototype', () => {
    const { params } = parseQueryBody('__proto__.polluted=yes&constructor.prototype.polluted=yes');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(params)).toEqual(['__proto__', 'constructor']);
    expect(JSON.stringify(params)).toBe('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}');
  });

  it('rejects a member given twice or as both a value and a structure', () => {
    for (const body of ['A=1&A=2', 'A=1&A.B=2', 'A.B=2&A=1']) {
      expect(() => parseQueryBody(body)).toThrow(ServiceError);
    }
  });
});
