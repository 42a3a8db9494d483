import type { Context, DynamoDBRecord, EventBridgeEvent, KinesisStreamRecord, S3EventRecord, SNSEventRecord, SQSRecord } from 'aws-lambda';
import type { EventKey, EventKind } from './event-kind.js';
import { httpIdempotencyKey, IDEMPOTENCY_KEY_HEADER, type HttpHeaders } from './http-key.js';
import { IdempotencyKeyError } from './idempotency-key-error.js';
import {
  asyncInvocationKey,
  dynamoDbStreamRecordKey,
  eventBridgeEventKey,
  kinesisRecordKey,
  s3RecordKey,
  snsRecordKey,
  sqsRecordKey,
} from './record-keys.js';

/** Options of `eventIdempotencyKey`. */
export interface EventKeyOptions {
  /** The header HTTP events carry their key in. Default `Idempotency-Key`. */
  readonly header?: string;
}

type Json = Record<string, unknown>;

/** Record sources by their `eventSource` (SNS spells it `EventSource`). */
const RECORD_KINDS: Readonly<Record<string, { kind: EventKind; key: (record: never) => string }>> = {
  'aws:sqs': { kind: 'sqs', key: (record: SQSRecord) => sqsRecordKey(record) },
  'aws:sns': { kind: 'sns', key: (record: SNSEventRecord) => snsRecordKey(record) },
  'aws:dynamodb': { kind: 'dynamodb-stream', key: (record: DynamoDBRecord) => dynamoDbStreamRecordKey(record) },
  'aws:kinesis': { kind: 'kinesis', key: (record: KinesisStreamRecord) => kinesisRecordKey(record) },
  'aws:s3': { kind: 's3', key: (record: S3EventRecord) => s3RecordKey(record) },
};
/** Function URL hosts: <url-id>.lambda-url.<region>.on.aws. */
const FUNCTION_URL_HOST = '.lambda-url.';
const PAYLOAD_FORMAT_V2 = '2.0';

/**
 * The idempotency key of one invocation, by the event's shape: a record's
 * ID (SQS, SNS, DynamoDB Streams, Kinesis, S3), an EventBridge event's id,
 * an HTTP request's `Idempotency-Key` header (API Gateway REST and HTTP APIs,
 * Function URLs, ALB), and for anything else the request ID of an
 * asynchronous invocation. Throws `IdempotencyKeyError` when the event has
 * no usable key, or is a batch of several records (use `processSqsBatch` or
 * `processStreamBatch`: one key per record).
 */
export function eventIdempotencyKey(event: unknown, context: Pick<Context, 'awsRequestId'>, options: EventKeyOptions = {}): EventKey {
  const header = options.header ?? IDEMPOTENCY_KEY_HEADER;
  if (!isObject(event)) return { kind: 'async-invocation', key: asyncInvocationKey(context) };

  const records = event['Records'];
  if (Array.isArray(records) && records.length > 0 && isObject(records[0])) {
    const first: Json = records[0];
    const source = first['eventSource'] ?? first['EventSource'];
    const recordKind = typeof source === 'string' ? RECORD_KINDS[source] : undefined;
    if (recordKind !== undefined) {
      if (records.length > 1) {
        throw new IdempotencyKeyError({
          reason: 'multiple-records',
          eventKind: recordKind.kind,
          message: `retrysafe: a batch of ${records.length} ${recordKind.kind} records has no one idempotency key; use processSqsBatch or processStreamBatch (one key per record)`,
        });
      }
      return { kind: recordKind.kind, key: recordKind.key(first as never) };
    }
  }

  const httpKind = httpEventKind(event);
  if (httpKind !== undefined) return { kind: httpKind, key: httpIdempotencyKey(event as HttpHeaders, { header, eventKind: httpKind }) };
  if (isEventBridgeEvent(event)) return { kind: 'eventbridge', key: eventBridgeEventKey(event as unknown as EventBridgeEvent<string, unknown>) };
  return { kind: 'async-invocation', key: asyncInvocationKey(context) };
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

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
