import {
  IdempotentInstanceTerminatedError,
  IdempotentParameterMismatchError,
  tokenConflictFor,
} from '@retrysafe/core';
import type { TokenOperation } from './token-member.js';

/** Non-enumerable property carrying the token on errors the plugin rethrows. */
export const TOKEN_PROPERTY = 'idempotencyToken';

/**
 * Turns a service's token-conflict error into retrysafe's typed error, and
 * marks every other error with the token so the next invocation can carry on
 * with it. The service's own error is kept as `cause`; `$metadata` is kept.
 */
export function mapServiceError(error: unknown, operation: TokenOperation, token: string | undefined): unknown {
  if (!(error instanceof Error)) return error;
  const code = serviceCode(error);
  const conflict = code === undefined || token === undefined ? undefined : tokenConflictFor(operation.service, code);
  if (conflict !== undefined && token !== undefined && code !== undefined) {
    const init = { token, service: operation.service, operation: operation.operation, serviceCode: code, cause: error };
    const mapped =
      conflict === 'instance-terminated'
        ? new IdempotentInstanceTerminatedError(init)
        : new IdempotentParameterMismatchError({ ...init, source: 'service' });
    copyMetadata(error, mapped);
    return mapped;
  }
  if (token !== undefined && !Object.prototype.hasOwnProperty.call(error, TOKEN_PROPERTY)) {
    Object.defineProperty(error, TOKEN_PROPERTY, { value: token, enumerable: false, configurable: true });
  }
  return error;
}

function serviceCode(error: Error): string | undefined {
  const withCode = error as Error & { Code?: unknown; code?: unknown };
  if (typeof withCode.Code === 'string') return withCode.Code;
  return error.name;
}

function copyMetadata(from: Error, to: Error): void {
  const metadata = (from as Error & { $metadata?: unknown }).$metadata;
  if (metadata !== undefined) {
    Object.defineProperty(to, '$metadata', { value: metadata, enumerable: false, configurable: true });
  }
}
