import { IdempotentInstanceTerminatedError, IdempotentParameterMismatchError, TokenStoreError } from '@retrysafe/aws';
import { IdempotencyKeyError } from '@retrysafe/lambda';
import { FIELD_OF_PARAMETER } from './launch-order.js';
import { OrderRequestError } from './order-request.js';

export interface JsonResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers?: Readonly<Record<string, string>>;
}

const HTTP_BAD_REQUEST = 400;
const HTTP_CONFLICT = 409;
const HTTP_UNPROCESSABLE = 422;
const HTTP_BAD_GATEWAY = 502;
const HTTP_SERVICE_UNAVAILABLE = 503;
const HTTP_SERVER_ERROR = 500;
/** Seconds a client waits before it retries (with the same key). */
const RETRY_AFTER_SECONDS = '1';

interface AwsErrorShape {
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly $retryable?: unknown;
}

/**
 * What a client is told when an order fails. Names, never parameter values
 * or tokens. 503 means "retry with the same key": nothing is duplicated.
 */
export function errorResponse(error: unknown): JsonResponse {
  if (error instanceof IdempotencyKeyError) {
    return { status: HTTP_BAD_REQUEST, body: { error: error.name, reason: error.reason, message: error.message } };
  }
  if (error instanceof OrderRequestError) return { status: HTTP_BAD_REQUEST, body: { error: error.name, message: error.message } };
  if (error instanceof IdempotentParameterMismatchError) {
    const changedFields = [...new Set(error.changedPaths.map((path) => FIELD_OF_PARAMETER[path.split('.')[0] ?? path] ?? path))];
    return {
      status: HTTP_UNPROCESSABLE,
      body: {
        error: 'IdempotencyKeyReused',
        message: 'this Idempotency-Key was first used with another order; send the original body, or a new key for a new order',
        changedFields,
      },
    };
  }
  if (error instanceof IdempotentInstanceTerminatedError) {
    return { status: HTTP_CONFLICT, body: { error: error.name, message: "this key's instance was terminated; use a new key for a new order" } };
  }
  if (error instanceof TokenStoreError) return retryLater(error.name);
  if (isRetryableAwsError(error)) return retryLater((error as Error).name);
  if (error instanceof Error && (error as AwsErrorShape).$metadata !== undefined) {
    return { status: HTTP_BAD_GATEWAY, body: { error: error.name, message: 'EC2 refused the order' } };
  }
  return { status: HTTP_SERVER_ERROR, body: { error: 'InternalError' } };
}

function retryLater(name: string): JsonResponse {
  return {
    status: HTTP_SERVICE_UNAVAILABLE,
    headers: { 'retry-after': RETRY_AFTER_SECONDS },
    body: { error: name, message: 'try again with the same Idempotency-Key' },
  };
}

/** Throttling, a 5xx, or no answer at all (the SDK's own retries are spent). */
function isRetryableAwsError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const shape = error as AwsErrorShape;
  const status = shape.$metadata?.httpStatusCode;
  return shape.$retryable !== undefined || status === undefined || status >= HTTP_SERVER_ERROR;
}
