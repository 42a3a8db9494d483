import { randomBytes, randomUUID } from 'node:crypto';
import { formatToken } from './format-token.js';
import type { TokenLimits } from './token-limits.js';
import { hexOf, type TokenMaterial } from './token-material.js';

/** Fresh CSPRNG output for every shape asked for. */
const randomMaterial: TokenMaterial = {
  uuid: () => randomUUID(),
  hex: (length) => hexOf(randomBytes, length),
};

/**
 * A new random token (CSPRNG) shaped to fit the limits: a version 4 UUID
 * where it fits, else hex (see formatToken). For calls without a key.
 */
export function randomToken(limits: TokenLimits = {}): string {
  return formatToken(randomMaterial, limits);
}
