import { EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { deriveKeyedToken, idempotencyPlugin, MemoryTokenStore, runWithIdempotencyKey } from '@retrysafe/aws';
import fc from 'fast-check';
import { RecordingHandler } from './support/recording-handler.js';
import { serviceCases, type ServiceCase } from './support/services.js';

// deriveKeyedToken is the plugin's own derivation, exported so the CLI (and
// anyone) can print the token a keyed call sends: it must agree with the wire.

const ACCOUNT = '123456789012';
const PROPERTY_RUNS = 40;

interface Case {
  readonly service: ServiceCase;
  readonly key: string;
  readonly region: string;
  readonly occurrence: number;
  readonly zone: string | undefined;
  readonly subnet: string | undefined;
  readonly secret: string | undefined;
}

/** Sends `occurrence + 1` keyed creates in one key scope and returns the last token on the wire and its binding. */
async function wireToken(c: Case): Promise<{ token: string | undefined; bindingKeys: string[] }> {
  const store = new MemoryTokenStore();
  const handler = new RecordingHandler((request) => c.service.success(request));
  const client = c.service.makeClient(handler, c.region);
  client.middlewareStack.use(idempotencyPlugin({ store, secret: c.secret, random: () => 0 }));
  try {
    await runWithIdempotencyKey(c.key, async () => {
      for (let i = 0; i <= c.occurrence; i += 1) {
        const command = c.service.create();
        if (c.zone !== undefined) command.input['Placement'] = { AvailabilityZone: c.zone };
        if (c.subnet !== undefined) command.input['SubnetId'] = c.subnet;
        await client.send(command);
      }
    });
    const records = await store.list();
    return { token: c.service.tokenOf(handler.requests.at(-1)!), bindingKeys: records.map((r) => r.bindingKey) };
  } finally {
    client.destroy();
  }
}

const caseArbitrary = fc
  .record({
    service: fc.constantFrom(...serviceCases),
    key: fc.string({ minLength: 1, maxLength: 40 }),
    region: fc.constantFrom('eu-west-1', 'us-east-1', 'ap-southeast-2'),
    occurrence: fc.integer({ min: 0, max: 2 }),
    zone: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
    subnet: fc.option(fc.constantFrom('subnet-1', 'subnet-2'), { nil: undefined }),
    secret: fc.option(fc.string({ minLength: 1, maxLength: 16 }), { nil: undefined }),
  })
  .map(
    (c): Case => ({
      ...c,
      // Only EC2 RunInstances is zonal: other services never get a zone.
      zone: c.service.service === 'EC2' && c.zone !== undefined ? `${c.region}${c.zone}` : undefined,
      subnet: c.service.service === 'EC2' ? c.subnet : undefined,
    }),
  );

describe('deriveKeyedToken', () => {
  it('gives the token and binding key the plugin sends for the same key, scope and occurrence', async () => {
    await fc.assert(
      fc.asyncProperty(caseArbitrary, async (c) => {
        const sent = await wireToken(c);
        const derived = deriveKeyedToken({
          service: c.service.service,
          operation: c.service.createOperation,
          key: c.key,
          region: c.region,
          zone: c.zone,
          subnet: c.subnet,
          occurrence: c.occurrence,
          secret: c.secret,
        });
        expect(derived.token).toBe(sent.token);
        expect(sent.bindingKeys).toContain(derived.bindingKey);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('scopes by the account the credentials carry', async () => {
    const handler = new RecordingHandler((request) => serviceCases[0]!.success(request));
    const client = new EC2Client({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret', accountId: ACCOUNT },
      requestHandler: handler,
    });
    client.middlewareStack.use(idempotencyPlugin());
    try {
      await runWithIdempotencyKey('order-7', () => client.send(new RunInstancesCommand({ ImageId: 'ami-1', MinCount: 1, MaxCount: 1 })));
    } finally {
      client.destroy();
    }
    const onWire = serviceCases[0]!.tokenOf(handler.requests[0]!);
    const base = { service: 'ec2', operation: 'RunInstances', key: 'order-7', region: 'eu-west-1' };
    expect(deriveKeyedToken({ ...base, account: ACCOUNT }).token).toBe(onWire);
    expect(deriveKeyedToken(base).token).not.toBe(onWire);
  });

  it('spells the scope as the plugin does, a zone winning over a subnet', () => {
    const base = { service: 'EC2', operation: 'RunInstances', key: 'k', region: 'eu-west-1' };
    expect(deriveKeyedToken(base).scope).toBe('region:eu-west-1');
    expect(deriveKeyedToken({ ...base, account: ACCOUNT, subnet: 'subnet-1' }).scope).toBe(`account:${ACCOUNT}/region:eu-west-1/subnet:subnet-1`);
    expect(deriveKeyedToken({ ...base, zone: 'eu-west-1a', subnet: 'subnet-1' }).scope).toBe('region:eu-west-1/az:eu-west-1a');
  });

  it('refuses a zone or subnet for an operation scoped by Region, and a bad key', () => {
    const base = { service: 'CloudFormation', operation: 'CreateStack', key: 'k', region: 'eu-west-1' };
    expect(() => deriveKeyedToken({ ...base, zone: 'eu-west-1a' })).toThrow(RangeError);
    expect(() => deriveKeyedToken({ ...base, subnet: 'subnet-1' })).toThrow(/scoped by Region/);
    expect(() => deriveKeyedToken({ ...base, key: '' })).toThrow(TypeError);
  });

  it('refuses a key with a lone surrogate: as UTF-8 it would share its token with other keys', () => {
    const base = { service: 'ec2', operation: 'RunInstances', region: 'eu-west-1' };
    for (const key of ['order-\uD800', 'order-\uDFFF', '\uDC00order']) {
      expect(() => deriveKeyedToken({ ...base, key })).toThrow(/well-formed/);
      expect(() => runWithIdempotencyKey(key, () => undefined)).toThrow(TypeError);
    }
    // A surrogate pair is a real character, and its own key.
    expect(deriveKeyedToken({ ...base, key: 'order-\uD83D\uDE00' }).token).not.toBe(deriveKeyedToken({ ...base, key: 'order-\uFFFD' }).token);
  });

  it('shapes the token to the member table’s limits unless given others', () => {
    // ACM RequestCertificate: IdempotencyToken, 1..32, ^\w+$ — a UUID would break it.
    const acm = deriveKeyedToken({ service: 'acm', operation: 'RequestCertificate', key: 'k', region: 'eu-west-1' });
    expect(acm.token).toMatch(/^\w{1,32}$/);
    const unlimited = deriveKeyedToken({ service: 'acm', operation: 'RequestCertificate', key: 'k', region: 'eu-west-1', limits: {} });
    expect(unlimited.token).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
