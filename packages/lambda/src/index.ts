// @retrysafe/lambda: the whole public face.

export { withIdempotency } from './with-idempotency.js';
export { idempotencyExecutionMode, type MiddyExecutionMode } from './middy-execution-mode.js';
export { processSqsBatch } from './sqs-batch.js';
export { processStreamBatch, type StreamRecord } from './stream-batch.js';
export type { BatchOptions, BatchResponse, RecordHandler } from './batch-options.js';
export type { KeyFunction, KeyOptions, LambdaHandler, MissingKeyPolicy, WithIdempotencyOptions } from './options.js';
export { DEFAULT_SAFETY_MARGIN_MS, invocationDeadline } from './deadline.js';

// Keys
export { eventIdempotencyKey, type EventKeyOptions } from './event-key.js';
export type { EventKey, EventKind } from './event-kind.js';
export {
  activeMqMessageKey,
  asyncInvocationKey,
  documentDbEventKey,
  dynamoDbStreamRecordKey,
  eventBridgeEventKey,
  kinesisRecordKey,
  mskRecordKey,
  rabbitMqMessageKey,
  s3RecordKey,
  selfManagedKafkaRecordKey,
  snsRecordKey,
  sqsRecordKey,
  type ActiveMqMessage,
  type DocumentDbChangeRecord,
  type KafkaRecordPosition,
  type RabbitMqMessage,
} from './record-keys.js';
export { httpIdempotencyKey, IDEMPOTENCY_KEY_HEADER, MAX_HTTP_IDEMPOTENCY_KEY_LENGTH, type HttpHeaders, type HttpKeyOptions } from './http-key.js';
export { scopeKey } from './scoped-key.js';
export {
  IdempotencyKeyError,
  type IdempotencyKeyErrorInit,
  type IdempotencyKeyErrorReason,
} from './idempotency-key-error.js';
