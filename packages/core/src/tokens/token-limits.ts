/**
 * A token member's limits, as the AWS models give them (Smithy `length` and
 * `pattern` traits). `pattern` is an ECMAScript regular expression tested
 * unanchored unless it anchors itself (Smithy semantics); see token-pattern.ts.
 */
export interface TokenLimits {
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
}

/**
 * An empty string is never an idempotency token (a service reads it as "no
 * token"), so the minimum is at least 1 even where a model says 0.
 */
export const DEFAULT_MIN_TOKEN_LENGTH = 1;

/** The smallest length a token may have under these limits. */
export function effectiveMinLength(limits: TokenLimits): number {
  return Math.max(limits.minLength ?? DEFAULT_MIN_TOKEN_LENGTH, DEFAULT_MIN_TOKEN_LENGTH);
}

/** The largest length a token may have under these limits (Infinity when unbounded). */
export function effectiveMaxLength(limits: TokenLimits): number {
  return limits.maxLength ?? Number.POSITIVE_INFINITY;
}

/** The length range for messages: '1..64', '36..' (no maximum). */
export function describeLength(limits: TokenLimits): string {
  const max = effectiveMaxLength(limits);
  return `${effectiveMinLength(limits)}..${Number.isFinite(max) ? max : ''}`;
}
