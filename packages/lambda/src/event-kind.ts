/**
 * The invocation sources retrysafe recognises. 'custom' is a key from the
 * caller's own key function. 's3-batch' is recognised only to be refused:
 * S3 Batch Operations events carry no ID documented to survive a retry.
 */
export type EventKind =
  | 'sqs'
  | 'sns'
  | 'eventbridge'
  | 'dynamodb-stream'
  | 'kinesis'
  | 's3'
  | 'msk'
  | 'self-managed-kafka'
  | 'activemq'
  | 'rabbitmq'
  | 'documentdb'
  | 's3-batch'
  | 'api-gateway-rest'
  | 'api-gateway-http'
  | 'function-url'
  | 'alb'
  | 'async-invocation'
  | 'custom';

/** An idempotency key and where it came from. */
export interface EventKey {
  readonly kind: EventKind;
  /** The key as found, before it is scoped to the function (see `scopeKey`). */
  readonly key: string;
}
