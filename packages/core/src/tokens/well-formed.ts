/** Node 20+ has `String.prototype.isWellFormed` (ES2024); the project's lib target is ES2023. */
const wellFormed = (String.prototype as unknown as { isWellFormed: (this: string) => boolean }).isWellFormed;

/**
 * Whether a string holds no lone surrogate. UTF-8 turns every lone surrogate
 * into U+FFFD, so two strings that differ only there hash alike.
 */
export function isWellFormed(value: string): boolean {
  return wellFormed.call(value);
}
