/**
 * The invocation sources whose idempotency key retrysafe knows how to find.
 * 'custom' is a key from the caller's own key function.
 */
export type EventKind =
  | 'sqs'
  | 'sns'
  | 'eventbridge'
  | 'dynamodb-stream'
  | 'kinesis'
  | 's3'
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
