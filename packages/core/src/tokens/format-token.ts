import { isPrintableAscii } from './printable-ascii.js';
import { effectiveMaxLength, effectiveMinLength, type TokenLimits } from './token-limits.js';
import type { TokenMaterial } from './token-material.js';
import { compileTokenPattern } from './token-pattern.js';
import { UnsatisfiableTokenLimitsError } from './unsatisfiable-token-limits-error.js';
import { UUID_LENGTH } from './uuid-layout.js';

/** A UUID without its hyphens. */
const COMPACT_HEX_LENGTH = 32;
/**
 * The longest token ever made: the models ask for at most 64; anything far
 * beyond is a mistake in the limits, not a reason to hash for a long time.
 */
const MAX_GENERATED_TOKEN_LENGTH = 4096;

type TokenShape = (material: TokenMaterial, min: number, max: number) => string | undefined;

/**
 * The shapes, most preferred first. A UUID fits almost every member; the
 * others exist for members whose pattern forbids hyphens (`^\w+$`), whose
 * minimum is above 32 or 36, or whose maximum is below 32.
 */
const TOKEN_SHAPES: readonly TokenShape[] = [
  (material) => material.uuid(),
  (material) => material.hex(COMPACT_HEX_LENGTH),
  // Long minimums: at least as long as a UUID (more entropy), as long as needed.
  (material, min, max) => {
    if (min <= COMPACT_HEX_LENGTH) return undefined;
    const length = Math.min(Math.max(min, UUID_LENGTH), max);
    return length <= MAX_GENERATED_TOKEN_LENGTH ? material.hex(length) : undefined;
  },
  (material, _min, max) => (max < COMPACT_HEX_LENGTH ? material.hex(max) : undefined),
];

/**
 * The first shape of the material that fits the limits: its length within
 * them and the pattern matching the whole token (stricter than the Smithy
 * rule, so a server that anchors the pattern accepts it too). Throws
 * `UnsatisfiableTokenLimitsError` when no shape fits.
 */
export function formatToken(material: TokenMaterial, limits: TokenLimits): string {
  const min = effectiveMinLength(limits);
  const max = effectiveMaxLength(limits);
  const pattern = limits.pattern === undefined ? undefined : compileTokenPattern(limits.pattern);
  for (const shape of TOKEN_SHAPES) {
    const token = shape(material, min, max);
    if (token === undefined || token.length < min || token.length > max || !isPrintableAscii(token)) continue;
    if (pattern === undefined || pattern.matchesWhole(token)) return token;
  }
  throw new UnsatisfiableTokenLimitsError(limits);
}
