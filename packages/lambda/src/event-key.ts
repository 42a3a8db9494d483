import type { Context, DynamoDBRecord, EventBridgeEvent, KinesisStreamRecord, S3EventRecord, SNSEventRecord, SQSRecord } from 'aws-lambda';
import type { EventKey, EventKind } from './event-kind.js';
import { httpIdempotencyKey, IDEMPOTENCY_KEY_HEADER, type HttpHeaders } from './http-key.js';
import { IdempotencyKeyError } from './idempotency-key-error.js';
import {
  activeMqMessageKey,
  asyncInvocationKey,
  documentDbEventKey,
  dynamoDbStreamRecordKey,
  eventBridgeEventKey,
  kinesisRecordKey,
  mskRecordKey,
  rabbitMqMessageKey,
  s3BatchTaskKey,
  s3RecordKey,
  selfManagedKafkaRecordKey,
  snsRecordKey,
  sqsRecordKey,
  type ActiveMqMessage,
  type DocumentDbChangeRecord,
  type KafkaRecordPosition,
  type RabbitMqMessage,
} from './record-keys.js';

/** Options of `eventIdempotencyKey`. */
export interface EventKeyOptions {
  /** The header HTTP events carry their key in. Default `Idempotency-Key`. */
  readonly header?: string;
}

type Json = Record<string, unknown>;

/** A source of records that each carry their own key. */
interface RecordSource {
  readonly kind: EventKind;
  readonly key: (record: never) => string;
  /** What to do with a delivery of several records. */
  readonly batchAdvice: string;
}

/**
 * A source whose event holds its records under a field of its own (Kafka,
 * Amazon MQ, DocumentDB), with the cluster or broker on the event itself.
 * `keys` answers one key function per record, called only for a lone record.
 */
interface EnvelopeSource {
  readonly kind: EventKind;
  readonly keys: (event: Json) => readonly (() => string)[];
}

const KEY_FUNCTION_ADVICE = 'pass a key function (withIdempotency(handler, { key }))';
const BATCH_HELPERS_ADVICE = 'use processSqsBatch or processStreamBatch (one key per record)';
// processSqsBatch and processStreamBatch read SQS, Kinesis and DynamoDB records only.
const EVENT_SOURCE_MAPPING_ADVICE = `set the event source mapping's BatchSize to 1, or ${KEY_FUNCTION_ADVICE}`;
// Pipes hands over its own array, not the { Records } the batch helpers take.
const PIPE_ADVICE = `set the pipe's batch size to 1, or ${KEY_FUNCTION_ADVICE}`;

/** Record sources by their `eventSource` (SNS spells it `EventSource`). */
const RECORD_KINDS: Readonly<Record<string, RecordSource>> = {
  'aws:sqs': { kind: 'sqs', key: (record: SQSRecord) => sqsRecordKey(record), batchAdvice: BATCH_HELPERS_ADVICE },
  'aws:sns': { kind: 'sns', key: (record: SNSEventRecord) => snsRecordKey(record), batchAdvice: BATCH_HELPERS_ADVICE },
  'aws:dynamodb': { kind: 'dynamodb-stream', key: (record: DynamoDBRecord) => dynamoDbStreamRecordKey(record), batchAdvice: BATCH_HELPERS_ADVICE },
  'aws:kinesis': { kind: 'kinesis', key: (record: KinesisStreamRecord) => kinesisRecordKey(record), batchAdvice: BATCH_HELPERS_ADVICE },
  'aws:s3': { kind: 's3', key: (record: S3EventRecord) => s3RecordKey(record), batchAdvice: BATCH_HELPERS_ADVICE },
};

const ACTIVE_MQ: EnvelopeSource = {
  kind: 'activemq',
  keys: (event) => arrayField(event, 'messages').map((message) => () => activeMqMessageKey(message as ActiveMqMessage)),
};

/**
 * Event source mapping events by their `eventSource`. ActiveMQ is `aws:mq`
 * in Lambda's current documentation and `aws:amq` in older samples: both.
 */
const ENVELOPE_KINDS: Readonly<Record<string, EnvelopeSource>> = {
  'aws:kafka': {
    kind: 'msk',
    keys: (event) => kafkaRecords(event).map((record) => () => mskRecordKey(stringField(event, 'eventSourceArn'), record as KafkaRecordPosition)),
  },
  SelfManagedKafka: {
    kind: 'self-managed-kafka',
    keys: (event) =>
      kafkaRecords(event).map((record) => () => selfManagedKafkaRecordKey(stringField(event, 'bootstrapServers'), record as KafkaRecordPosition)),
  },
  'aws:mq': ACTIVE_MQ,
  'aws:amq': ACTIVE_MQ,
  'aws:rmq': { kind: 'rabbitmq', keys: rabbitMqKeys },
  'aws:docdb': {
    kind: 'documentdb',
    keys: (event) =>
      arrayField(event, 'events').map((record) => () => documentDbEventKey(stringField(event, 'eventSourceArn'), record as DocumentDbChangeRecord)),
  },
};

/**
 * EventBridge Pipes sources by the `eventSource` of each array element. Pipes
 * puts the cluster or broker (and RabbitMQ's queue, as `eventSourceKey`) on
 * every record, and sends the Kinesis record's fields without `kinesis`.
 */
const PIPE_RECORD_KINDS: Readonly<Record<string, RecordSource>> = {
  'aws:sqs': { kind: 'sqs', key: (record: SQSRecord) => sqsRecordKey(record), batchAdvice: PIPE_ADVICE },
  'aws:kinesis': { kind: 'kinesis', key: (record: KinesisStreamRecord) => kinesisRecordKey(record), batchAdvice: PIPE_ADVICE },
  'aws:dynamodb': { kind: 'dynamodb-stream', key: (record: DynamoDBRecord) => dynamoDbStreamRecordKey(record), batchAdvice: PIPE_ADVICE },
  'aws:kafka': {
    kind: 'msk',
    key: (record: Json) => mskRecordKey(stringField(record, 'eventSourceArn'), record as unknown as KafkaRecordPosition),
    batchAdvice: PIPE_ADVICE,
  },
  SelfManagedKafka: {
    kind: 'self-managed-kafka',
    key: (record: Json) => selfManagedKafkaRecordKey(stringField(record, 'bootstrapServers'), record as unknown as KafkaRecordPosition),
    batchAdvice: PIPE_ADVICE,
  },
  'aws:mq': { kind: 'activemq', key: (record: ActiveMqMessage) => activeMqMessageKey(record), batchAdvice: PIPE_ADVICE },
  'aws:amq': { kind: 'activemq', key: (record: ActiveMqMessage) => activeMqMessageKey(record), batchAdvice: PIPE_ADVICE },
  'aws:rmq': {
    kind: 'rabbitmq',
    key: (record: Json) =>
      rabbitMqMessageKey(stringField(record, 'eventSourceArn'), stringField(record, 'eventSourceKey'), record as unknown as RabbitMqMessage),
    batchAdvice: PIPE_ADVICE,
  },
};

/** Function URL hosts: <url-id>.lambda-url.<region>.on.aws. */
const FUNCTION_URL_HOST = '.lambda-url.';
const PAYLOAD_FORMAT_V2 = '2.0';

/**
 * The idempotency key of one invocation, by the event's shape:
 * - a record's ID: SQS, SNS, DynamoDB Streams, Kinesis, S3 (see the
 *   `*RecordKey` functions);
 * - a record's place or ID, with its cluster or broker where the ID is
 *   unique only there: Amazon MSK and self-managed Kafka (cluster, topic,
 *   partition, offset), Amazon MQ for ActiveMQ (`messageID`) and RabbitMQ
 *   (broker, queue, `basicProperties.messageId`), DocumentDB change streams
 *   (cluster, resume token). Their event source mappings retry a batch as a
 *   new invocation with a new request ID, so the request ID would not do;
 * - EventBridge Pipes (a top-level array of such records): the lone record's key;
 * - an EventBridge event's id;
 * - an HTTP request's `Idempotency-Key` header (API Gateway REST and HTTP
 *   APIs, Function URLs, ALB);
 * - anything else, an array of unknown records included: the request ID of
 *   an asynchronous invocation, which Lambda keeps across its own retries.
 *
 * Throws `IdempotencyKeyError` when the event has no usable key (a RabbitMQ
 * message without a message ID; S3 Batch Operations, whose retries keep no
 * documented ID), or is a batch of several records (use `processSqsBatch` or
 * `processStreamBatch` for SQS, Kinesis and DynamoDB; for the others a batch
 * size of 1 or a key function).
 */
export function eventIdempotencyKey(event: unknown, context: Pick<Context, 'awsRequestId'>, options: EventKeyOptions = {}): EventKey {
  const header = options.header ?? IDEMPOTENCY_KEY_HEADER;
  if (Array.isArray(event)) return pipeBatchKey(event) ?? asyncKey(context);
  if (!isObject(event)) return asyncKey(context);

  const fromRecords = recordsKey(event) ?? envelopeKey(event);
  if (fromRecords !== undefined) return fromRecords;
  if (isS3BatchEvent(event)) return s3BatchTaskKey();

  const httpKind = httpEventKind(event);
  if (httpKind !== undefined) return { kind: httpKind, key: httpIdempotencyKey(event as HttpHeaders, { header, eventKind: httpKind }) };
  if (isEventBridgeEvent(event)) return { kind: 'eventbridge', key: eventBridgeEventKey(event as unknown as EventBridgeEvent<string, unknown>) };
  return asyncKey(context);
}

function asyncKey(context: Pick<Context, 'awsRequestId'>): EventKey {
  return { kind: 'async-invocation', key: asyncInvocationKey(context) };
}

/** SQS, SNS, DynamoDB Streams, Kinesis and S3: `{ Records: [...] }`. */
function recordsKey(event: Json): EventKey | undefined {
  return sourceRecordsKey(event['Records'], RECORD_KINDS);
}

/**
 * EventBridge Pipes: a top-level array of records of a known source. An
 * array of anything else is left to the fallback: a direct asynchronous
 * invoke may send an array too.
 */
function pipeBatchKey(records: readonly unknown[]): EventKey | undefined {
  return sourceRecordsKey(records, PIPE_RECORD_KINDS);
}

function sourceRecordsKey(records: unknown, sources: Readonly<Record<string, RecordSource>>): EventKey | undefined {
  if (!Array.isArray(records) || !isObject(records[0])) return undefined;
  const first: Json = records[0];
  const eventSource = first['eventSource'] ?? first['EventSource'];
  const source = typeof eventSource === 'string' ? sources[eventSource] : undefined;
  if (source === undefined) return undefined;
  return loneRecordKey(
    source.kind,
    records.map((record: unknown) => () => source.key(record as never)),
    source.batchAdvice,
  );
}

/** Kafka, Amazon MQ and DocumentDB event source mapping events. */
function envelopeKey(event: Json): EventKey | undefined {
  const eventSource = event['eventSource'];
  const source = typeof eventSource === 'string' ? ENVELOPE_KINDS[eventSource] : undefined;
  if (source === undefined) return undefined;
  return loneRecordKey(source.kind, source.keys(event), EVENT_SOURCE_MAPPING_ADVICE);
}

/** The key of a delivery of exactly one record: a batch has no one key. */
function loneRecordKey(kind: EventKind, keys: readonly (() => string)[], batchAdvice: string): EventKey {
  const [only] = keys;
  if (only === undefined) {
    throw new IdempotencyKeyError({ reason: 'missing', eventKind: kind, message: `retrysafe: the ${kind} event holds no record to take an idempotency key from` });
  }
  if (keys.length > 1) {
    throw new IdempotencyKeyError({
      reason: 'multiple-records',
      eventKind: kind,
      message: `retrysafe: a batch of ${keys.length} ${kind} records has no one idempotency key; ${batchAdvice}`,
    });
  }
  return { kind, key: only() };
}

/** Kafka records, grouped by `topic-partition`. */
function kafkaRecords(event: Json): unknown[] {
  const byPartition = event['records'];
  return isObject(byPartition) ? Object.values(byPartition).flatMap((records) => (Array.isArray(records) ? records : [])) : [];
}

/** RabbitMQ messages, grouped by `queue::vhost`: the queue is part of the key. */
function rabbitMqKeys(event: Json): (() => string)[] {
  const byQueue = event['rmqMessagesByQueue'];
  if (!isObject(byQueue)) return [];
  const brokerArn = stringField(event, 'eventSourceArn');
  return Object.entries(byQueue).flatMap(([queue, messages]) =>
    (Array.isArray(messages) ? messages : []).map((message: unknown) => () => rabbitMqMessageKey(brokerArn, queue, message as RabbitMqMessage)),
  );
}

function isS3BatchEvent(event: Json): boolean {
  return typeof event['invocationSchemaVersion'] === 'string' && typeof event['invocationId'] === 'string' && Array.isArray(event['tasks']);
}

function httpEventKind(event: Json): EventKind | undefined {
  const requestContext = event['requestContext'];
  if (event['version'] === PAYLOAD_FORMAT_V2 && isObject(requestContext) && isObject(requestContext['http'])) {
    const domain = requestContext['domainName'];
    return typeof domain === 'string' && domain.includes(FUNCTION_URL_HOST) ? 'function-url' : 'api-gateway-http';
  }
  if (typeof event['httpMethod'] === 'string' && ('headers' in event || 'multiValueHeaders' in event)) {
    return isObject(requestContext) && isObject(requestContext['elb']) ? 'alb' : 'api-gateway-rest';
  }
  return undefined;
}

function isEventBridgeEvent(event: Json): boolean {
  return typeof event['id'] === 'string' && typeof event['detail-type'] === 'string' && typeof event['source'] === 'string' && 'detail' in event;
}

function arrayField(object: Json, name: string): unknown[] {
  const value = object[name];
  return Array.isArray(value) ? value : [];
}

function stringField(object: Json, name: string): string | undefined {
  const value = object[name];
  return typeof value === 'string' ? value : undefined;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
