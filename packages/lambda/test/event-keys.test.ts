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
  MSKEvent,
  S3BatchEvent,
  S3Event,
  SelfManagedKafkaEvent,
  SNSEvent,
  SQSEvent,
} from 'aws-lambda';
import fc from 'fast-check';
import { mskRecordKey, rabbitMqMessageKey, selfManagedKafkaRecordKey } from '../src/record-keys.js';
import { loadEsmFixture, singleDelivery, type EsmFixtureName } from './support/esm-fixtures.js';
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

describe('event source mapping and EventBridge Pipes events: keyed by the record, not the request ID', () => {
  const mskClusterArn = 'arn:aws:kafka:us-east-1:123456789012:cluster/vpc-2priv-2pub/751d2973-a626-431c-9d4e-d7975eb44dd7-2';
  const bootstrapServers =
    'b-1.demo-cluster-1.a1bcde.c1.kafka.us-east-1.amazonaws.com:9092,b-2.demo-cluster-1.a1bcde.c1.kafka.us-east-1.amazonaws.com:9092';
  const activeMqMessageId = 'ID:b-9bcfa592-423a-4942-879d-eb284b418fc8-1.mq.us-east-2.amazonaws.com-37557-1234520418293-4:1:1:1:1';
  const rabbitBroker = 'arn:aws:mq:us-east-2:111122223333:broker:pizzaBroker:b-9bcfa592-423a-4942-879d-eb284b418fc8';
  const rabbitMessageId = '5f1e3c9a-8d2b-4e7f-a6c1-0b9d8e7f6a5c';

  const cases: readonly [EsmFixtureName, EventKind, string][] = [
    ['msk-event', 'msk', `msk:${mskClusterArn}/mytopic/0/15`],
    ['self-managed-kafka-event', 'self-managed-kafka', `kafka:${bootstrapServers}/mytopic/0/15`],
    ['activemq-event', 'activemq', `activemq:${activeMqMessageId}`],
    ['rabbitmq-event', 'rabbitmq', `rabbitmq:${rabbitBroker}/pizzaQueue%3A%3A%2F/${rabbitMessageId}`],
    [
      'documentdb-event',
      'documentdb',
      'documentdb:arn:aws:rds:us-east-1:123456789012:cluster:canaryclusterb2a659a2-qo5tcmqkcl03/0163eeb6e7000000090100000009000041e1',
    ],
    ['pipes-sqs-event', 'sqs', 'sqs:059f36b4-87a3-44ab-83d2-661975830a7d'],
    ['pipes-kinesis-event', 'kinesis', 'kinesis:shardId-000000000006:49590338271490256608559692538361571095921575989136588898'],
    ['pipes-dynamodb-event', 'dynamodb-stream', 'dynamodb:1'],
    ['pipes-msk-event', 'msk', `msk:${mskClusterArn}/mytopic/0/15`],
    ['pipes-self-managed-kafka-event', 'self-managed-kafka', `kafka:${bootstrapServers}/mytopic/0/15`],
    ['pipes-activemq-event', 'activemq', 'activemq:ID:b-9bcfa592-423a-4942-879d-eb284b418fc8-1.mq.us-west-2.amazonaws.com-37557-1234520418293-4:1:1:1:1'],
    [
      'pipes-rabbitmq-event',
      'rabbitmq',
      `rabbitmq:arn:aws:mq:us-west-2:111122223333:broker:pizzaBroker:b-9bcfa592-423a-4942-879d-eb284b418fc8/pizzaQueue%3A%3A%2F/${rabbitMessageId}`,
    ],
  ];

  it.each(cases)('%s → %s, the same on a retry with a new request ID', (name, kind, key) => {
    const first = eventIdempotencyKey(singleDelivery(name), lambdaContext({ awsRequestId: 'a1b2c3d4-0000-4000-8000-000000000001' }));
    const retry = eventIdempotencyKey(singleDelivery(name), lambdaContext({ awsRequestId: 'e5f6a7b8-0000-4000-8000-000000000002' }));
    expect(first).toEqual({ kind, key });
    expect(retry).toEqual(first);
  });

  it('gives one Kafka record one key, through an event source mapping or a pipe (which sends the partition as a string)', () => {
    const viaPipe = lambdaContext({ awsRequestId: 'f0e1d2c3-0000-4000-8000-000000000003' });
    expect(eventIdempotencyKey(loadEsmFixture('pipes-msk-event'), viaPipe)).toEqual(eventIdempotencyKey(loadEsmFixture('msk-event'), context));
    expect(eventIdempotencyKey(loadEsmFixture('pipes-self-managed-kafka-event'), viaPipe)).toEqual(
      eventIdempotencyKey(loadEsmFixture('self-managed-kafka-event'), context),
    );
  });

  it('tells Kafka records apart by cluster, topic, partition and offset', () => {
    const record = { topic: 'orders', partition: 3, offset: 42 };
    const keys = [
      mskRecordKey('arn:aws:kafka:us-east-1:123456789012:cluster/a/1', record),
      mskRecordKey('arn:aws:kafka:us-east-1:123456789012:cluster/b/2', record),
      mskRecordKey('arn:aws:kafka:us-east-1:123456789012:cluster/a/1', { ...record, topic: 'invoices' }),
      mskRecordKey('arn:aws:kafka:us-east-1:123456789012:cluster/a/1', { ...record, partition: 4 }),
      mskRecordKey('arn:aws:kafka:us-east-1:123456789012:cluster/a/1', { ...record, offset: 43 }),
      selfManagedKafkaRecordKey('kafka-1.internal:9092', record),
      selfManagedKafkaRecordKey('kafka-2.internal:9092', record),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    // The same servers listed in another order are the same cluster.
    expect(selfManagedKafkaRecordKey('b:9092, a:9092', record)).toBe(selfManagedKafkaRecordKey('a:9092,b:9092', record));
  });

  it('takes cluster, topic, partition and offset apart again from a Kafka key', () => {
    const clusterArn = fc.stringMatching(/^arn:aws:kafka:[a-z0-9-]{1,20}:[0-9]{12}:cluster\/[A-Za-z0-9-]{1,64}\/[a-f0-9-]{1,40}$/);
    const topic = fc.stringMatching(/^[A-Za-z0-9._-]{1,249}$/);
    const index = fc.nat({ max: Number.MAX_SAFE_INTEGER });
    fc.assert(
      fc.property(clusterArn, topic, index, index, (arn, name, partition, offset) => {
        const match = /^msk:(.*)\/([^/]+)\/([0-9]+)\/([0-9]+)$/s.exec(mskRecordKey(arn, { topic: name, partition, offset }));
        expect(match?.slice(1)).toEqual([arn, name, String(partition), String(offset)]);
      }),
    );
  });

  it('keeps RabbitMQ queues apart, whatever their names hold', () => {
    const message = { basicProperties: { messageId: 'order-42' } };
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (queueA, queueB) => {
        fc.pre(queueA !== queueB);
        expect(rabbitMqMessageKey(rabbitBroker, queueA, message)).not.toBe(rabbitMqMessageKey(rabbitBroker, queueB, message));
      }),
    );
    expect(rabbitMqMessageKey('arn:aws:mq:us-east-2:111122223333:broker:other:b-1', 'pizzaQueue::/', message)).not.toBe(
      rabbitMqMessageKey(rabbitBroker, 'pizzaQueue::/', message),
    );
  });

  it('refuses a delivery of several records, saying what to do for that source', () => {
    const msk = loadEsmFixture<MSKEvent>('msk-event');
    msk.records['mytopic-1'] = [{ ...msk.records['mytopic-0']![0]!, partition: 1, offset: 7 }];
    const selfManaged = loadEsmFixture<SelfManagedKafkaEvent>('self-managed-kafka-event');
    selfManaged.records['mytopic-0']!.push({ ...selfManaged.records['mytopic-0']![0]!, offset: 16 });
    const rabbit = loadEsmFixture<{ rmqMessagesByQueue: Record<string, unknown[]> }>('rabbitmq-event');
    rabbit.rmqMessagesByQueue['otherQueue::/'] = rabbit.rmqMessagesByQueue['pizzaQueue::/']!;
    const docdb = loadEsmFixture<{ events: unknown[] }>('documentdb-event');
    docdb.events.push(docdb.events[0]);

    const viaMapping: readonly [unknown, EventKind][] = [
      [msk, 'msk'],
      [selfManaged, 'self-managed-kafka'],
      [loadEsmFixture('activemq-event'), 'activemq'],
      [rabbit, 'rabbitmq'],
      [docdb, 'documentdb'],
    ];
    for (const [event, kind] of viaMapping) {
      const error = expectKeyError(() => eventIdempotencyKey(event, context), 'multiple-records', kind);
      expect(error.message).toMatch(/a batch of 2 .* records has no one idempotency key; set the event source mapping's BatchSize to 1, or pass a key function/);
    }

    const viaPipe: readonly [EsmFixtureName, EventKind][] = [
      ['pipes-sqs-event', 'sqs'],
      ['pipes-kinesis-event', 'kinesis'],
      ['pipes-dynamodb-event', 'dynamodb-stream'],
      ['pipes-activemq-event', 'activemq'],
    ];
    for (const [name, kind] of viaPipe) {
      const error = expectKeyError(() => eventIdempotencyKey(loadEsmFixture(name), context), 'multiple-records', kind);
      expect(error.message).toMatch(/set the pipe's batch size to 1, or pass a key function/);
    }
  });

  it('refuses a RabbitMQ message without a message ID: RabbitMQ sets none itself', () => {
    const event = loadEsmFixture<{ rmqMessagesByQueue: Record<string, { basicProperties: { messageId: string | null } }[]> }>('rabbitmq-event');
    event.rmqMessagesByQueue['pizzaQueue::/']![0]!.basicProperties.messageId = null;
    const error = expectKeyError(() => eventIdempotencyKey(event, context), 'missing', 'rabbitmq');
    expect(error.message).toMatch(/basicProperties\.messageId.*set one when publishing.*or pass a key function/);

    const piped = loadEsmFixture<{ basicProperties: { messageId?: string | null } }[]>('pipes-rabbitmq-event');
    delete piped[0]!.basicProperties.messageId;
    expectKeyError(() => eventIdempotencyKey(piped, context), 'missing', 'rabbitmq');
  });

  it('refuses S3 Batch Operations events: no ID of theirs is documented to survive a retry', () => {
    const event = loadEsmFixture<S3BatchEvent>('s3-batch-event');
    const error = expectKeyError(() => eventIdempotencyKey(event, context), 'missing', 's3-batch');
    expect(error.message).toMatch(/S3 Batch Operations.*pass a key function/);

    const schema2 = { ...event, invocationSchemaVersion: '2.0', job: { id: event.job.id, userArguments: {} }, tasks: [{ taskId: 't', s3Key: 'k', s3VersionId: null, s3Bucket: 'b' }] };
    expectKeyError(() => eventIdempotencyKey(schema2, context), 'missing', 's3-batch');
  });

  it('says which field is missing or wrong', () => {
    const noArn = loadEsmFixture<Partial<MSKEvent>>('msk-event');
    delete noArn.eventSourceArn;
    expect(expectKeyError(() => eventIdempotencyKey(noArn, context), 'missing', 'msk').message).toMatch(/eventSourceArn/);

    for (const offset of [-1, 1.5, '015', 'x', Number.MAX_SAFE_INTEGER + 2]) {
      const event = loadEsmFixture<MSKEvent>('msk-event');
      (event.records['mytopic-0']![0]! as { offset: unknown }).offset = offset;
      expect(expectKeyError(() => eventIdempotencyKey(event, context), 'invalid', 'msk').message).toMatch(/offset/);
    }

    const noToken = loadEsmFixture<{ events: { event: { _id: { _data?: string } } }[] }>('documentdb-event');
    delete noToken.events[0]!.event._id._data;
    expect(expectKeyError(() => eventIdempotencyKey(noToken, context), 'missing', 'documentdb').message).toMatch(/_id\._data/);

    const empty = { ...loadEsmFixture('msk-event'), records: {} };
    expectKeyError(() => eventIdempotencyKey(empty, context), 'missing', 'msk');
  });

  it('falls back to the request ID for an array of unknown records: a direct asynchronous invoke may send one', () => {
    for (const event of [[], [{ orderId: 42 }], [1, 2], [{ eventSource: 'my:app', id: 'x' }], [{ Sns: { MessageId: 'm' }, EventSource: 'aws:sns' }]]) {
      expect(eventIdempotencyKey(event, context)).toEqual({ kind: 'async-invocation', key: 'invocation:7f3a9c1e-2b4d-4e6f-8a0b-9c8d7e6f5a4b' });
    }
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
