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
export {
  canonicalEncode,
  changedMembers,
  changedPaths,
  fingerprint,
  freezeInput,
  MAX_INPUT_DEPTH,
  snapshotInput,
  type Fingerprint,
  type FingerprintOptions,
  type InputSnapshot,
} from './fingerprint/index.js';

// Tokens
// (section: tokens)
export {
  checkHmacSecret,
  deriveToken,
  findTokenMember,
  isWellFormed,
  listTokenMembers,
  normalizeServiceName,
  randomToken,
  UnsatisfiableTokenLimitsError,
  validateClientToken,
  type ClientTokenContext,
  type TokenDerivationParts,
  type TokenLimits,
  type TokenMemberInfo,
} from './tokens/index.js';

// Retry policy
// (section: retry)
export {
  DEFAULT_BASE_DELAY_MS,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_MAX_DELAY_MS,
  DEFAULT_RETRY_BUDGET_CAPACITY,
  DEFAULT_THROTTLING_BASE_DELAY_MS,
  DEFAULT_THROTTLING_RETRY_COST,
  DEFAULT_TRANSIENT_RETRY_COST,
} from './retry/constants.js';
export type { ErrorClass } from './retry/error-class.js';
export { classifyError } from './retry/classify-error.js';
export { isTokenConflictCode, tokenConflictFor, type TokenConflict } from './retry/token-conflicts.js';
export { backoffDelay, type BackoffOptions } from './retry/backoff.js';
export { retryAfterMs } from './retry/retry-after.js';
export { RetryBudget, type RetryBudgetOptions } from './retry/retry-budget.js';
export {
  RetryPolicy,
  type RetryCallContext,
  type RetryDecision,
  type RetryPolicyOptions,
  type RetryReason,
} from './retry/retry-policy.js';

// Token stores
export type { BindingStatus, BindResult, ListOptions, TokenRecord, TokenStore } from './store/token-store.js';
// (section: store)
export { bindingKey, type BindingKeyParts } from './store/binding-key.js';
export { freezeTokenRecord, isExpired, newTokenRecord, type NewTokenRecordInit } from './store/token-record.js';
export { validateTokenRecord, type RecordCheckContext } from './store/validate-token-record.js';
export { isValidMemberName, MAX_MEMBER_NAME_LENGTH } from './store/token-record-rules.js';
export { decodeTokenRecord, encodeTokenRecord, TOKEN_RECORD_FORMAT_VERSION } from './store/token-record-codec.js';
export {
  DEFAULT_MEMORY_STORE_MAX_ENTRIES,
  MemoryTokenStore,
  type MemoryTokenStoreOptions,
} from './store/memory-token-store.js';
