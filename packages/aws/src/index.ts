// @retrysafe/aws: the whole public face.

export { idempotencyPlugin, IDEMPOTENCY_MIDDLEWARE_NAME, TOKEN_MIDDLEWARE_NAME } from './idempotency-plugin.js';
export {
  DEFAULT_BINDING_TTL_MS,
  DEFAULT_NAMESPACE,
  MAX_BINDING_TTL_MS,
  type IdempotencyPluginOptions,
  type StoreErrorPolicy,
} from './options.js';
export {
  MAX_IDEMPOTENCY_KEY_LENGTH,
  runWithDeadline,
  runWithIdempotencyKey,
  withIdempotencyKey,
  type RunWithIdempotencyKeyOptions,
} from './idempotency-key.js';
export { getIdempotencyToken } from './command-state.js';
export { deriveKeyedToken, type KeyedToken, type KeyedTokenRequest } from './keyed-token.js';
export { formatTokenScope, isZonalOperation, UNKNOWN_REGION, type TokenScope } from './token-scope.js';
export { TOKEN_PROPERTY } from './error-mapping.js';
export type {
  MismatchEvent,
  RetryEvent,
  RetrysafeEvent,
  RetrysafeEventListener,
  StoreErrorEvent,
  TokenIssuedEvent,
  TokenReusedEvent,
  TokenReuseSource,
} from './events.js';

// The errors and store contract from @retrysafe/core, so one import serves.
export {
  IdempotentInstanceTerminatedError,
  IdempotentParameterMismatchError,
  InvalidClientTokenError,
  MemoryTokenStore,
  RetrysafeError,
  TokenStoreError,
  UnsupportedInputError,
  type TokenRecord,
  type TokenStore,
} from '@retrysafe/core';
