export { deriveToken, type TokenDerivationParts } from './derive-token.js';
export { checkHmacSecret } from './hmac-secret.js';
export { isWellFormed } from './well-formed.js';
export { randomToken } from './random-token.js';
export { normalizeServiceName } from './service-name.js';
export type { TokenLimits } from './token-limits.js';
export { findTokenMember, listTokenMembers, type TokenMemberInfo } from './token-members.js';
export { UnsatisfiableTokenLimitsError } from './unsatisfiable-token-limits-error.js';
export { validateClientToken, type ClientTokenContext } from './validate-client-token.js';
