import { formatToken } from './format-token.js';
import { checkHmacSecret } from './hmac-secret.js';
import { hmacStream } from './hmac-stream.js';
import { lengthPrefixed } from './length-prefixed.js';
import { normalizeOperationName, normalizeServiceName } from './service-name.js';
import type { TokenLimits } from './token-limits.js';
import { hexOf, type TokenMaterial } from './token-material.js';
import { formatUuid, UUID_BYTES } from './uuid-layout.js';

/** What names one logical operation, and so its token. */
export interface TokenDerivationParts {
  /** Separates applications that share keys. */
  readonly namespace: string;
  /** Service name in any spelling ('EC2Client', 'EC2', 'ec2'). */
  readonly service: string;
  /** The operation name ('RunInstances'), not the command class name. */
  readonly operation: string;
  /** Where the token is valid: account, region, zone. */
  readonly scope: string;
  /** The caller's idempotency key. */
  readonly key: string;
  /** Which identical operation inside one keyed scope (0, 1, ...). */
  readonly occurrence: number;
  /** HMAC key: set it so that whoever learns an idempotency key still cannot predict its token. */
  readonly secret?: string | Uint8Array;
}

/** Changes whenever the encoding does, so old and new tokens never collide. */
const DERIVATION_VERSION = 'retrysafe/token/v1';
/**
 * The HMAC key without a secret: public, so such tokens are predictable from
 * their parts, but still kept apart from every other use of HMAC-SHA-256.
 */
const PUBLIC_DERIVATION_KEY = Buffer.from('retrysafe/token/public-key/v1', 'utf8');
/** RFC 9562 version 8: custom (here: HMAC-derived) content. */
const UUID_VERSION_CUSTOM = 8;

/**
 * The token of one logical operation: HMAC-SHA-256 over the length-prefixed
 * (version, namespace, service, operation, scope, key, occurrence), keyed
 * with the secret. The same parts always give the same token; any other part
 * gives another. Shaped like a version 8 UUID where it fits the limits, else
 * hex from the same HMAC stream (see formatToken).
 */
export function deriveToken(parts: TokenDerivationParts, limits: TokenLimits = {}): string {
  const message = lengthPrefixed([
    DERIVATION_VERSION,
    requireString(parts, 'namespace'),
    normalizeServiceName(requireString(parts, 'service')),
    normalizeOperationName(requireString(parts, 'operation')),
    requireString(parts, 'scope'),
    requireString(parts, 'key'),
    String(requireOccurrence(parts.occurrence)),
  ]);
  const bytes = hmacStream(derivationKey(parts.secret), message);
  const material: TokenMaterial = {
    uuid: () => formatUuid(bytes(UUID_BYTES), UUID_VERSION_CUSTOM),
    hex: (length) => hexOf(bytes, length),
  };
  return formatToken(material, limits);
}

type StringPart = 'namespace' | 'service' | 'operation' | 'scope' | 'key';

function requireString(parts: TokenDerivationParts, name: StringPart): string {
  const value: unknown = parts[name];
  if (typeof value !== 'string') throw new TypeError(`token derivation part '${name}' must be a string`);
  return value;
}

function requireOccurrence(occurrence: unknown): number {
  if (typeof occurrence !== 'number' || !Number.isSafeInteger(occurrence) || occurrence < 0) {
    throw new RangeError(`token derivation part 'occurrence' must be a non-negative integer, got ${String(occurrence)}`);
  }
  return occurrence;
}

function derivationKey(secret: string | Uint8Array | undefined): Uint8Array {
  if (secret === undefined) return PUBLIC_DERIVATION_KEY;
  const checked = checkHmacSecret(secret, 'token derivation secret');
  return typeof checked === 'string' ? Buffer.from(checked, 'utf8') : checked;
}
