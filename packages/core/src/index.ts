// @retrysafe/core: the whole public face. Zero runtime dependencies.

// Errors
export {
  IdempotentInstanceTerminatedError,
  IdempotentParameterMismatchError,
  InvalidClientTokenError,
  RetrysafeError,
  TokenStoreError,
  UnsupportedInputError,
  type IdempotentInstanceTerminatedErrorInit,
  type IdempotentParameterMismatchErrorInit,
  type InvalidClientTokenErrorInit,
  type MismatchSource,
  type TokenRule,
  type TokenStoreErrorInit,
  type TokenStoreErrorKind,
  type UnsupportedInputReason,
} from './errors/index.js';

// Fingerprints
// (section: fingerprint)

// Tokens
// (section: tokens)

// Retry policy
// (section: retry)

// Token stores
export type { BindingStatus, BindResult, ListOptions, TokenRecord, TokenStore } from './store/token-store.js';
// (section: store)
