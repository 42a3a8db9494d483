import type { Context, DynamoDBRecord, EventBridgeEvent, KinesisStreamRecord, S3EventRecord, SNSEventRecord, SQSRecord } from 'aws-lambda';
import type { EventKind } from './event-kind.js';
import { IdempotencyKeyError } from './idempotency-key-error.js';

// One key per delivery of one logical event: the ID the source keeps when it
// delivers the same event again (an SQS redelivery, an SNS or EventBridge
// retry, a stream, Kafka or broker batch retried after a failure), and only
// then. Where an ID is unique only within its cluster or broker, the key
// names that too.
// Each key starts with its kind, so IDs from two sources never meet.

/** A partition or an offset written out: no sign, no leading zeros. */
const DECIMAL_INDEX = /^(0|[1-9][0-9]*)$/;
const RABBITMQ_MESSAGE_ID_ADVICE =
  'RabbitMQ sets no message ID itself: set one when publishing (the AMQP message-id property), or pass a key function (withIdempotency(handler, { key }))';

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

/** A Kafka record's place in its cluster. EventBridge Pipes sends the partition as a string. */
export interface KafkaRecordPosition {
  readonly topic: string;
  readonly partition: number | string;
  readonly offset: number | string;
}

/** An Amazon MQ for ActiveMQ message, as Lambda and EventBridge Pipes deliver it. */
export interface ActiveMqMessage {
  readonly messageID: string;
}

/** An Amazon MQ for RabbitMQ message: `messageId` is whatever the publisher set, if anything. */
export interface RabbitMqMessage {
  readonly basicProperties: { readonly messageId?: string | null };
}

/** One change of an Amazon DocumentDB change stream; `_id._data` is its resume token. */
export interface DocumentDbChangeRecord {
  readonly event: { readonly _id: { readonly _data: string } };
}

/**
 * Amazon MSK: cluster ARN, topic, partition and offset. An offset names one
 * record of one partition for good, and a retried batch (a new invocation,
 * a new request ID) brings the record back at the same offset. Two clusters
 * can hold topics of one name, so the cluster is part of the key. Topics,
 * partitions and offsets hold no '/', so the ARN can come first as it is.
 */
export function mskRecordKey(clusterArn: string | undefined, record: KafkaRecordPosition): string {
  return `msk:${requireId(clusterArn, 'msk', 'eventSourceArn')}/${kafkaPosition(record, 'msk')}`;
}

/**
 * Self-managed Apache Kafka: bootstrap servers, topic, partition and offset.
 * No ARN names the cluster, so its servers do (sorted: the same servers
 * listed in another order are the same cluster). Changing the servers of an
 * event source mapping changes its keys.
 */
export function selfManagedKafkaRecordKey(bootstrapServers: string | undefined, record: KafkaRecordPosition): string {
  const servers = requireId(sortedServers(bootstrapServers ?? ''), 'self-managed-kafka', 'bootstrapServers');
  return `kafka:${servers}/${kafkaPosition(record, 'self-managed-kafka')}`;
}

/**
 * Amazon MQ for ActiveMQ: the JMS message ID, which the broker keeps on every
 * redelivery. ActiveMQ builds it from the producing connection's host, port
 * and start time and a sequence number, so it is unique across brokers too
 * and needs no broker in the key.
 */
export function activeMqMessageKey(message: ActiveMqMessage): string {
  return `activemq:${requireId(message?.messageID, 'activemq', 'messageID')}`;
}

/**
 * Amazon MQ for RabbitMQ: broker ARN, queue (`queue::vhost`) and the
 * message's `basicProperties.messageId`, which RabbitMQ keeps on a
 * redelivery but never sets itself. The publisher picks it, unique only as
 * far as the publisher cares, so the broker and queue are part of the key.
 * The queue is encoded: queue and vhost names may hold '/'.
 */
export function rabbitMqMessageKey(brokerArn: string | undefined, queue: string | undefined, message: RabbitMqMessage): string {
  const broker = requireId(brokerArn, 'rabbitmq', 'eventSourceArn');
  const queueName = requireId(queue, 'rabbitmq', 'queue name');
  const messageId = requireId(message?.basicProperties?.messageId, 'rabbitmq', 'basicProperties.messageId', RABBITMQ_MESSAGE_ID_ADVICE);
  return `rabbitmq:${broker}/${encodeURIComponent(queueName)}/${messageId}`;
}

/**
 * Amazon DocumentDB change streams: cluster ARN and the change's resume
 * token (`_id._data`), which names one change in the cluster's change stream
 * and comes back unchanged when Lambda retries the batch.
 */
export function documentDbEventKey(clusterArn: string | undefined, record: DocumentDbChangeRecord): string {
  const cluster = requireId(clusterArn, 'documentdb', 'eventSourceArn');
  return `documentdb:${cluster}/${requireId(record?.event?._id?._data, 'documentdb', 'event._id._data')}`;
}

/**
 * S3 Batch Operations: no key, on purpose. S3 invokes the function
 * synchronously, so each retry has a new request ID, and AWS documents no ID
 * that survives a retry: `invocationId` names one invocation, and a task
 * answered with TemporaryFailure is "redriven" with no word on whether its
 * `taskId` stays. A key that might change on a redrive would bring back the
 * duplicates it is meant to stop while looking safe, so the event is refused.
 */
export function s3BatchTaskKey(): never {
  throw new IdempotencyKeyError({
    reason: 'missing',
    eventKind: 's3-batch',
    message:
      'retrysafe: an S3 Batch Operations event has no ID that stays the same when S3 retries a task; ' +
      'pass a key function, e.g. job.id with the task\'s bucket, s3Key and s3VersionId (one task of one job)',
  });
}

/**
 * An asynchronous invocation: the request ID, which Lambda keeps when it
 * retries the event itself. A synchronous caller that retries makes a new
 * request ID, so it needs a key of its own (a custom key function).
 */
export function asyncInvocationKey(context: Pick<Context, 'awsRequestId'>): string {
  return `invocation:${requireId(context.awsRequestId, 'async-invocation', 'context.awsRequestId')}`;
}

function requireId(value: unknown, kind: EventKind, field: string, advice?: string): string {
  if (typeof value === 'string' && value.length > 0) return value;
  throw missingId(kind, field, advice);
}

function missingId(kind: EventKind, field: string, advice?: string): IdempotencyKeyError {
  return new IdempotencyKeyError({
    reason: 'missing',
    eventKind: kind,
    message: `retrysafe: the ${kind} event has no ${field} to use as its idempotency key${advice === undefined ? '' : `; ${advice}`}`,
  });
}

function kafkaPosition(record: KafkaRecordPosition, kind: EventKind): string {
  const topic = requireId(record?.topic, kind, 'topic');
  return `${topic}/${requireIndex(record?.partition, kind, 'partition')}/${requireIndex(record?.offset, kind, 'offset')}`;
}

/**
 * A partition or offset as decimal digits. Only safe integers: a larger
 * number lost digits when the event was parsed, and two offsets could meet.
 */
function requireIndex(value: unknown, kind: EventKind, field: string): string {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && DECIMAL_INDEX.test(value)) return value;
  if (value === undefined || value === null) throw missingId(kind, field);
  throw new IdempotencyKeyError({
    reason: 'invalid',
    eventKind: kind,
    message: `retrysafe: the ${kind} event's ${field} is not a non-negative integer: ${String(value)}`,
  });
}

function sortedServers(servers: string): string {
  return servers
    .split(',')
    .map((server) => server.trim())
    .filter((server) => server.length > 0)
    .sort()
    .join(',');
}
