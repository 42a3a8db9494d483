/**
 * The retry policy's numbers and code lists, in one place. Defaults follow
 * the AWS SDKs' 2026 retry behaviour (@smithy/core/retry: 50 ms base, 1 s
 * for throttling, 20 s cap, a 500-token bucket at 14 per retry and 5 per
 * throttling retry). The code lists are the SDK's own
 * (@smithy/core/retry service-error-classification), so an error the SDK
 * would retry is recognised here too.
 */

/** Total attempts per call, the first included. */
export const DEFAULT_MAX_ATTEMPTS = 3;
/** Backoff base for transient and no-response failures. */
export const DEFAULT_BASE_DELAY_MS = 50;
/** Backoff base for throttling: backing off harder is the point. */
export const DEFAULT_THROTTLING_BASE_DELAY_MS = 1_000;
/** No single wait is longer than this, whatever the retry number or hint. */
export const DEFAULT_MAX_DELAY_MS = 20_000;

/** Retry budget (token bucket) per client. */
export const DEFAULT_RETRY_BUDGET_CAPACITY = 500;
/** Budget tokens a retry after a transient or no-response failure costs. */
export const DEFAULT_TRANSIENT_RETRY_COST = 14;
/** Budget tokens a retry after throttling costs (cheaper: backing off is what the service asked for). */
export const DEFAULT_THROTTLING_RETRY_COST = 5;
/**
 * What a success that retried nothing gives back to the bucket (the SDK's
 * NO_RETRY_INCREMENT): without it, retries that end in failure would drain
 * a long-lived client's bucket for good.
 */
export const SUCCESS_WITHOUT_RETRY_REFILL = 1;

/** Each retry waits up to base * BACKOFF_GROWTH ** (retryNumber - 1). */
export const BACKOFF_GROWTH = 2;

/** How deep `cause` chains are followed (the SDK's own limit). */
export const MAX_CAUSE_DEPTH = 10;

export const HTTP_TOO_MANY_REQUESTS = 429;
export const HTTP_SERVER_ERROR_MIN = 500;
export const HTTP_SERVER_ERROR_MAX = 599;

export const MS_PER_SECOND = 1_000;
/** `retry-after`: delay-seconds or an HTTP-date (RFC 9110 section 10.2.3). */
export const RETRY_AFTER_HEADER = 'retry-after';
/** `x-amz-retry-after`: milliseconds, sent by some AWS services. */
export const AMZ_RETRY_AFTER_HEADER = 'x-amz-retry-after';

/** Error names that mean the caller cancelled: never retried. */
export const ABORT_ERROR_NAME = 'AbortError';
/** Node's code on its own AbortErrors (timers/promises, events). */
export const ABORT_ERROR_CODE = 'ABORT_ERR';
/**
 * `AbortSignal.timeout()` aborts with a DOMException of this name: a
 * deadline the caller set, not the SDK's network TimeoutError.
 */
export const SIGNAL_TIMEOUT_NAME = 'TimeoutError';

/** The SDK's THROTTLING_ERROR_CODES. */
export const THROTTLING_ERROR_CODES: ReadonlySet<string> = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);

/**
 * The SDK's TRANSIENT_ERROR_CODES. With a response they are 'transient'
 * (S3 RequestTimeout comes as a 400); without one, 'no-response'.
 */
export const TRANSIENT_ERROR_CODES: ReadonlySet<string> = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

/**
 * The SDK's NODEJS_TIMEOUT_ERROR_CODES and NODEJS_NETWORK_ERROR_CODES. All
 * mean no response arrived. ECONNREFUSED, ENOTFOUND, EAI_AGAIN, EHOSTUNREACH
 * and ENETUNREACH never reached the server; ECONNRESET, EPIPE and ETIMEDOUT
 * may have: the outcome is unknown, and only the idempotency token makes the
 * retry safe.
 */
export const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** Node's message when the server closed the socket before answering. */
export const SOCKET_HANG_UP_MESSAGE = 'socket hang up';

/** HTTP/2: the server refused the stream before processing it (the SDK retries it). */
export const HTTP2_STREAM_ERROR_CODE = 'ERR_HTTP2_STREAM_ERROR';
export const HTTP2_REFUSED_STREAM = 'NGHTTP2_REFUSED_STREAM';

/** The SDK re-signs every attempt, so an expired signature is worth one more try. */
export const INVALID_SIGNATURE_CODE = 'InvalidSignatureException';
export const SIGNATURE_EXPIRED_MESSAGE = 'Signature expired';

/**
 * retrysafe's own errors that mean a token conflict. Matched by name, not
 * `instanceof`, so a second copy of this package (ESM and CJS) agrees.
 */
export const LOCAL_CONFLICT_ERROR_NAMES: ReadonlySet<string> = new Set([
  'IdempotentParameterMismatchError',
  'IdempotentInstanceTerminatedError',
]);

/**
 * retrysafe's other errors. All are raised before anything is sent, so a
 * retry of the HTTP attempt cannot help; no override makes them retry.
 */
export const LOCAL_FINAL_ERROR_NAMES: ReadonlySet<string> = new Set([
  'InvalidClientTokenError',
  'TokenStoreError',
  'UnsupportedInputError',
]);
