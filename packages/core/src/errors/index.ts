export { RetrysafeError } from './retrysafe-error.js';
export {
  IdempotentParameterMismatchError,
  type IdempotentParameterMismatchErrorInit,
  type MismatchSource,
} from './idempotent-parameter-mismatch-error.js';
export {
  IdempotentInstanceTerminatedError,
  type IdempotentInstanceTerminatedErrorInit,
} from './idempotent-instance-terminated-error.js';
export { InvalidClientTokenError, type InvalidClientTokenErrorInit, type TokenRule } from './invalid-client-token-error.js';
export { TokenStoreError, type TokenStoreErrorInit, type TokenStoreErrorKind } from './token-store-error.js';
export { UnsupportedInputError, type UnsupportedInputReason } from './unsupported-input-error.js';
