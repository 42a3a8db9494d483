import {
  asyncInvocationKey,
  dynamoDbStreamRecordKey,
  eventBridgeEventKey,
  eventIdempotencyKey,
  httpIdempotencyKey,
  IdempotencyKeyError,
  kinesisRecordKey,
  MAX_HTTP_IDEMPOTENCY_KEY_LENGTH,
  s3RecordKey,
  scopeKey,
  snsRecordKey,
  sqsRecordKey,
  type EventKind,
} from '@retrysafe/lambda';
import { MAX_IDEMPOTENCY_KEY_LENGTH } from '@retrysafe/aws';
import type {
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  DynamoDBStreamEvent,
  EventBridgeEvent,
  KinesisStreamEvent,
  S3Event,
  SNSEvent,
  SQSEvent,
} from 'aws-lambda';
import fc from 'fast-check';
import { loadFixture, singleRecordEvent, type FixtureName } from './support/fixtures.js';
import { lambdaContext } from './support/lambda-context.js';

const context = lambdaContext({ awsRequestId: '7f3a9c1e-2b4d-4e6f-8a0b-9c8d7e6f5a4b' });

function expectKeyError(fn: () => unknown, reason: IdempotencyKeyError['reason'], kind: EventKind): IdempotencyKeyError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(IdempotencyKeyError);
  const error = caught as IdempotencyKeyError;
  expect(error).toMatchObject({ name: 'IdempotencyKeyError', reason, eventKind: kind, retryable: false });
  return error;
}

describe('the key of each event kind, from the AWS sample events', () => {
  const cases: readonly [FixtureName, EventKind, string][] = [
    ['sqs-event', 'sqs', 'sqs:059f36b4-87a3-44ab-83d2-661975830a7d'],
    ['sqs-fifo-event', 'sqs', 'sqs:11d6ee51-4cc7-4302-9e22-7cd8afdaadf5'],
    ['sns-event', 'sns', 'sns:95df01b4-ee98-5cb9-9903-4c221d41eb5e'],
    ['dynamodb-stream-event', 'dynamodb-stream', 'dynamodb:c4ca4238a0b923820dcc509a6f75849b'],
    ['kinesis-event', 'kinesis', 'kinesis:shardId-000000000006:49590338271490256608559692538361571095921575989136588898'],
    ['s3-event', 's3', 's3:amzn-s3-demo-bucket/0C0F6F405D6ED209E1/orders/2019/b21b84d653bb07b05b1e6b33684dc11b.json'],
    ['eventbridge-event', 'eventbridge', 'eventbridge:fe8d3c65-xmpl-c5c3-2c87-81584709a377'],
    ['api-gateway-rest-event', 'api-gateway-rest', 'http:8e03978e-40d5-43e8-bc93-6894a57f9324'],
    ['api-gateway-http-event', 'api-gateway-http', 'http:5a1f7c2e-9b3d-4e6f-8a0b-1c2d3e4f5a6b'],
    ['function-url-event', 'function-url', 'http:c9f0e1d2-b3a4-4c5d-9e8f-7a6b5c4d3e2f'],
    ['alb-event', 'alb', 'http:0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0'],
    ['async-invocation-event', 'async-invocation', 'invocation:7f3a9c1e-2b4d-4e6f-8a0b-9c8d7e6f5a4b'],
  ];

  it.each(cases)('%s → %s', (name, kind, key) => {
    const fixture = loadFixture<{ Records?: unknown[] }>(name);
    const event = Array.isArray(fixture.Records) ? singleRecordEvent(name as 'sqs-event') : fixture;
    expect(eventIdempotencyKey(event, context)).toEqual({ kind, key });
  });

  it('gives every record of a batch its own key, the same on every delivery', () => {
    const sqs = loadFixture<SQSEvent>('sqs-event');
    const kinesis = loadFixture<KinesisStreamEvent>('kinesis-event');
    const dynamodb = loadFixture<DynamoDBStreamEvent>('dynamodb-stream-event');
    const keys = [
      ...sqs.Records.map(sqsRecordKey),
      ...kinesis.Records.map(kinesisRecordKey),
      ...dynamodb.Records.map(dynamoDbStreamRecordKey),
    ];
    expect(new Set(keys).size).toBe(sqs.Records.length + kinesis.Records.length + dynamodb.Records.length);
    // A redelivery is the same JSON again.
    expect(loadFixture<SQSEvent>('sqs-event').Records.map(sqsRecordKey)).toEqual(keys.slice(0, sqs.Records.length));
  });

  it('reads single-record sources through their own functions too', () => {
    expect(snsRecordKey(loadFixture<SNSEvent>('sns-event').Records[0]!)).toBe('sns:95df01b4-ee98-5cb9-9903-4c221d41eb5e');
    expect(s3RecordKey(loadFixture<S3Event>('s3-event').Records[0]!)).toMatch(/^s3:amzn-s3-demo-bucket\/0C0F6F405D6ED209E1\//);
    expect(eventBridgeEventKey(loadFixture<EventBridgeEvent<string, unknown>>('eventbridge-event'))).toBe(
      'eventbridge:fe8d3c65-xmpl-c5c3-2c87-81584709a377',
    );
    expect(asyncInvocationKey(context)).toBe('invocation:7f3a9c1e-2b4d-4e6f-8a0b-9c8d7e6f5a4b');
  });

  it('refuses a batch of several records: it has no one key', () => {
    for (const [name, kind] of [
      ['sqs-event', 'sqs'],
      ['kinesis-event', 'kinesis'],
      ['dynamodb-stream-event', 'dynamodb-stream'],
    ] as const) {
      const error = expectKeyError(() => eventIdempotencyKey(loadFixture(name), context), 'multiple-records', kind);
      expect(error.message).toMatch(/processSqsBatch or processStreamBatch/);
    }
  });

  it('says which field is missing when a record has no ID', () => {
    const event = singleRecordEvent<SQSEvent>('sqs-event');
    event.Records[0]!.messageId = '';
    expect(expectKeyError(() => eventIdempotencyKey(event, context), 'missing', 'sqs').message).toMatch(/messageId/);

    const s3 = loadFixture<S3Event>('s3-event');
    delete (s3.Records[0]!.s3.object as { sequencer?: string }).sequencer;
    expect(expectKeyError(() => eventIdempotencyKey(s3, context), 'missing', 's3').message).toMatch(/sequencer/);
  });

  it('tells two writes of one S3 object apart by their sequencer', () => {
    const first = loadFixture<S3Event>('s3-event');
    const second = loadFixture<S3Event>('s3-event');
    second.Records[0]!.s3.object.sequencer = '0C0F6F405D6ED209F2';
    expect(eventIdempotencyKey(first, context).key).not.toBe(eventIdempotencyKey(second, context).key);
  });

  it('takes bucket, sequencer and object key apart again from an S3 key (no two records share one)', () => {
    const bucket = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{2,62}$/);
    const sequencer = fc.stringMatching(/^[0-9A-F]{16,20}$/);
    const objectKey = fc.string({ minLength: 1, maxLength: 200, unit: 'grapheme' });
    const sample = loadFixture<S3Event>('s3-event').Records[0]!;
    fc.assert(
      fc.property(bucket, sequencer, objectKey, (name, seq, key) => {
        const record = structuredClone(sample);
        record.s3.bucket.name = name;
        record.s3.object.sequencer = seq;
        record.s3.object.key = key;
        const match = /^s3:([^/]+)\/([^/]+)\/(.*)$/s.exec(s3RecordKey(record));
        expect(match?.slice(1)).toEqual([name, seq, key]);
      }),
    );
  });
});

describe('the Idempotency-Key header', () => {
  const rest = () => loadFixture<APIGatewayProxyEvent>('api-gateway-rest-event');
  const http = () => loadFixture<APIGatewayProxyEventV2>('api-gateway-http-event');

  it('is found in any letter case, in headers or multiValueHeaders', () => {
    const spelling = fc
      .array(fc.boolean(), { minLength: 'Idempotency-Key'.length, maxLength: 'Idempotency-Key'.length })
      .map((upper) => [...'idempotency-key'].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(''));
    fc.assert(
      fc.property(spelling, fc.boolean(), fc.uuid(), (name, multiValue, value) => {
        const event = multiValue
          ? { headers: null, multiValueHeaders: { [name]: [value] } }
          : { headers: { [name]: value }, multiValueHeaders: null };
        expect(httpIdempotencyKey(event)).toBe(`http:${value}`);
      }),
    );
  });

  it('accepts a quoted structured-field string, escapes included', () => {
    const event = http();
    event.headers['idempotency-key'] = '"order \\"42\\" \\\\ retry"';
    expect(eventIdempotencyKey(event, context).key).toBe('http:order "42" \\ retry');
    event.headers['idempotency-key'] = '  8e03978e-40d5  ';
    expect(eventIdempotencyKey(event, context).key).toBe('http:8e03978e-40d5');
  });

  it('is a typed error when missing, naming the header', () => {
    const event = rest();
    delete event.headers['Idempotency-Key'];
    delete event.multiValueHeaders['Idempotency-Key'];
    const error = expectKeyError(() => eventIdempotencyKey(event, context), 'missing', 'api-gateway-rest');
    expect(error.header).toBe('Idempotency-Key');
    expect(error.message).toMatch(/no Idempotency-Key header/);

    const nullHeaders = { ...rest(), headers: null, multiValueHeaders: null } as unknown as APIGatewayProxyEvent;
    expectKeyError(() => eventIdempotencyKey(nullHeaders, context), 'missing', 'api-gateway-rest');
  });

  it('can be another header', () => {
    const event = http();
    event.headers['x-request-key'] = 'abc-123';
    expect(eventIdempotencyKey(event, context, { header: 'X-Request-Key' }).key).toBe('http:abc-123');
    expectKeyError(() => eventIdempotencyKey(http(), context, { header: 'X-Missing' }), 'missing', 'api-gateway-http');
  });

  it.each([
    ['empty', '   '],
    ['too long', 'k'.repeat(MAX_HTTP_IDEMPOTENCY_KEY_LENGTH + 1)],
    ['not ASCII', 'bestellung-über'],
    ['a control character', 'abc\u0007def'],
    ['an unterminated quote', '"abc'],
    ['text after the closing quote', '"abc"def'],
    ['a bad escape', '"a\\bc"'],
  ])('is invalid when %s', (_what, value) => {
    const event = http();
    event.headers['idempotency-key'] = value;
    expectKeyError(() => eventIdempotencyKey(event, context), 'invalid', 'api-gateway-http');
  });

  it('accepts the longest allowed key', () => {
    const event = http();
    event.headers['idempotency-key'] = 'k'.repeat(MAX_HTTP_IDEMPOTENCY_KEY_LENGTH);
    expect(eventIdempotencyKey(event, context).key).toHaveLength('http:'.length + MAX_HTTP_IDEMPOTENCY_KEY_LENGTH);
  });

  it('is invalid when sent twice with different values, fine when repeated', () => {
    const event = rest();
    event.multiValueHeaders['Idempotency-Key'] = ['8e03978e-40d5-43e8-bc93-6894a57f9324', 'another'];
    expect(expectKeyError(() => eventIdempotencyKey(event, context), 'invalid', 'api-gateway-rest').message).toMatch(/2 different values/);
    event.multiValueHeaders['Idempotency-Key'] = ['8e03978e-40d5-43e8-bc93-6894a57f9324', '"8e03978e-40d5-43e8-bc93-6894a57f9324"'];
    expect(eventIdempotencyKey(event, context).key).toBe('http:8e03978e-40d5-43e8-bc93-6894a57f9324');
  });
});

describe('scopeKey', () => {
  it('prefixes the function name, and the tenant when there is one', () => {
    expect(scopeKey('sqs:m-1', lambdaContext({ functionName: 'orders' }), true)).toBe('orders/sqs:m-1');
    expect(scopeKey('sqs:m-1', lambdaContext({ functionName: 'orders', tenantId: 'acme/eu 1' }), true)).toBe(
      'orders/tenant=acme%2Feu%201/sqs:m-1',
    );
    expect(scopeKey('sqs:m-1', lambdaContext({ functionName: 'orders' }), false)).toBe('sqs:m-1');
  });

  it('keeps two functions, or two tenants, apart', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (key, tenantA, tenantB) => {
        fc.pre(tenantA !== tenantB);
        const a = scopeKey(key, lambdaContext({ tenantId: tenantA }), true);
        const b = scopeKey(key, lambdaContext({ tenantId: tenantB }), true);
        expect(a).not.toBe(b);
      }),
    );
    expect(scopeKey('k', lambdaContext({ functionName: 'a' }), true)).not.toBe(scopeKey('k', lambdaContext({ functionName: 'b' }), true));
  });

  it('replaces a key longer than the plugin takes by its digest', () => {
    const long = `s3:bucket/0C0F/${'k'.repeat(MAX_IDEMPOTENCY_KEY_LENGTH)}`;
    const scoped = scopeKey(long, lambdaContext(), true);
    expect(scoped).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(scopeKey(`${long}x`, lambdaContext(), true)).not.toBe(scoped);
    expect(scopeKey(long, lambdaContext(), true)).toBe(scoped);
  });

  it('needs a function name to scope to', () => {
    const anonymous = { ...lambdaContext(), functionName: '' };
    expect(() => scopeKey('k', anonymous, true)).toThrow(/functionName/);
  });
});
