import {
  ABORT_ERROR_CODE,
  ABORT_ERROR_NAME,
  HTTP2_REFUSED_STREAM,
  HTTP2_STREAM_ERROR_CODE,
  HTTP_SERVER_ERROR_MAX,
  HTTP_SERVER_ERROR_MIN,
  HTTP_TOO_MANY_REQUESTS,
  INVALID_SIGNATURE_CODE,
  LOCAL_CONFLICT_ERROR_NAMES,
  LOCAL_FINAL_ERROR_NAMES,
  NETWORK_ERROR_CODES,
  SIGNAL_TIMEOUT_NAME,
  SIGNATURE_EXPIRED_MESSAGE,
  SOCKET_HANG_UP_MESSAGE,
  THROTTLING_ERROR_CODES,
  TRANSIENT_ERROR_CODES,
} from './constants.js';
import type { ErrorClass } from './error-class.js';
import {
  causeChain,
  clockSkewCorrected,
  errorCode,
  errorCodes,
  errorMessage,
  errorName,
  hasHttpResponse,
  httpStatusCode,
  retryableTrait,
} from './error-shape.js';
import { isTokenConflictCode } from './token-conflicts.js';

/**
 * Classifies a failed attempt (see ./README.md for the rules). The order
 * matters: a cancel beats everything, a token conflict beats a status code,
 * throttling beats transient (EC2 sends RequestLimitExceeded as a 503).
 */
export function classifyError(error: unknown): ErrorClass {
  if (causeChain(error).some(isAbort)) return 'aborted';
  const name = errorName(error);
  if (name !== undefined && LOCAL_CONFLICT_ERROR_NAMES.has(name)) return 'mismatch';
  if (name !== undefined && LOCAL_FINAL_ERROR_NAMES.has(name)) return 'not-retryable';
  const codes = errorCodes(error);
  if (codes.some(isTokenConflictCode)) return 'mismatch';
  if (isThrottling(error, codes)) return 'throttling';
  const responded = hasHttpResponse(error);
  if (responded && isTransient(error, codes)) return 'transient';
  if (!responded && causeChain(error).some(isNoResponse)) return 'no-response';
  // A `$retryable` error without a status (hand-built or a future protocol) is still transient.
  if (retryableTrait(error) !== undefined) return 'transient';
  return 'not-retryable';
}

/** True for retrysafe's own errors: raised before sending, never worth an HTTP retry. */
export function isLocalError(error: unknown): boolean {
  const name = errorName(error);
  return name !== undefined && (LOCAL_CONFLICT_ERROR_NAMES.has(name) || LOCAL_FINAL_ERROR_NAMES.has(name));
}

function isAbort(error: unknown): boolean {
  if (errorName(error) === ABORT_ERROR_NAME || errorCode(error) === ABORT_ERROR_CODE) return true;
  // AbortSignal.timeout(): the caller's own deadline, not the SDK's network TimeoutError.
  return typeof DOMException === 'function' && error instanceof DOMException && error.name === SIGNAL_TIMEOUT_NAME;
}

function isThrottling(error: unknown, codes: readonly string[]): boolean {
  return (
    httpStatusCode(error) === HTTP_TOO_MANY_REQUESTS ||
    retryableTrait(error)?.throttling === true ||
    codes.some((code) => THROTTLING_ERROR_CODES.has(code))
  );
}

function isTransient(error: unknown, codes: readonly string[]): boolean {
  const status = httpStatusCode(error);
  return (
    (status !== undefined && status >= HTTP_SERVER_ERROR_MIN && status <= HTTP_SERVER_ERROR_MAX) ||
    retryableTrait(error) !== undefined ||
    clockSkewCorrected(error) ||
    codes.some((code) => TRANSIENT_ERROR_CODES.has(code)) ||
    (codes.includes(INVALID_SIGNATURE_CODE) && (errorMessage(error) ?? '').includes(SIGNATURE_EXPIRED_MESSAGE))
  );
}

function isNoResponse(error: unknown): boolean {
  const code = errorCode(error);
  const name = errorName(error);
  const message = errorMessage(error) ?? '';
  return (
    (code !== undefined && NETWORK_ERROR_CODES.has(code)) ||
    (name !== undefined && TRANSIENT_ERROR_CODES.has(name)) ||
    message.includes(SOCKET_HANG_UP_MESSAGE) ||
    (code === HTTP2_STREAM_ERROR_CODE && message.includes(HTTP2_REFUSED_STREAM))
  );
}
