import type { Context, DynamoDBRecord, EventBridgeEvent, KinesisStreamRecord, S3EventRecord, SNSEventRecord, SQSRecord } from 'aws-lambda';
import type { EventKind } from './event-kind.js';
import { IdempotencyKeyError } from './idempotency-key-error.js';

// One key per delivery of one logical event: the ID the source keeps when it
// delivers the same event again (an SQS redelivery, an SNS or EventBridge
// retry, a stream batch retried after a failure), and only then.
// Each key starts with its kind, so IDs from two sources never meet.

/** SQS: the message ID, the same on every receive of one message. */
export function sqsRecordKey(record: SQSRecord): string {
  return `sqs:${requireId(record.messageId, 'sqs', 'messageId')}`;
}

/** SNS: the notification's MessageId, the same on every delivery attempt. */
export function snsRecordKey(record: SNSEventRecord): string {
  return `sns:${requireId(record.Sns?.MessageId, 'sns', 'Sns.MessageId')}`;
}

/** EventBridge: the event's `id`, the same when a rule retries a target. */
export function eventBridgeEventKey(event: EventBridgeEvent<string, unknown>): string {
  return `eventbridge:${requireId(event.id, 'eventbridge', 'id')}`;
}

/** DynamoDB Streams: the record's eventID, the same when its batch is retried. */
export function dynamoDbStreamRecordKey(record: DynamoDBRecord): string {
  return `dynamodb:${requireId(record.eventID, 'dynamodb-stream', 'eventID')}`;
}

/** Kinesis: the record's eventID (shard and sequence number), the same when its batch is retried. */
export function kinesisRecordKey(record: KinesisStreamRecord): string {
  return `kinesis:${requireId(record.eventID, 'kinesis', 'eventID')}`;
}

/**
 * S3: bucket, object key and sequencer. The sequencer orders the events of
 * one object key, so a new write of the same key is a new operation while a
 * redelivered notification is the same one. Bucket names and sequencers hold
 * no '/', so the object key can come last as it is.
 */
export function s3RecordKey(record: S3EventRecord): string {
  const bucket = requireId(record.s3?.bucket?.name, 's3', 's3.bucket.name');
  const sequencer = requireId(record.s3?.object?.sequencer, 's3', 's3.object.sequencer');
  const objectKey = requireId(record.s3?.object?.key, 's3', 's3.object.key');
  return `s3:${bucket}/${sequencer}/${objectKey}`;
}

/**
 * An asynchronous invocation: the request ID, which Lambda keeps when it
 * retries the event itself. A synchronous caller that retries makes a new
 * request ID, so it needs a key of its own (a custom key function).
 */
export function asyncInvocationKey(context: Pick<Context, 'awsRequestId'>): string {
  return `invocation:${requireId(context.awsRequestId, 'async-invocation', 'context.awsRequestId')}`;
}

function requireId(value: unknown, kind: EventKind, field: string): string {
  if (typeof value === 'string' && value.length > 0) return value;
  throw new IdempotencyKeyError({
    reason: 'missing',
    eventKind: kind,
    message: `retrysafe: the ${kind} event has no ${field} to use as its idempotency key`,
  });
}
