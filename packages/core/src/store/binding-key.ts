import { sha256Hex } from '../fingerprint/sha256.js';
import { lengthPrefixed } from '../tokens/length-prefixed.js';
import { normalizeServiceName } from '../tokens/service-name.js';

/** What names one logical operation in the token store. */
export interface BindingKeyParts {
  /** Separates applications that share keys or a store. */
  readonly namespace: string;
  /** Where the token is valid: account, region, zone. */
  readonly scope: string;
  /** Service name in any spelling ('EC2Client', 'EC2', 'ec2'). */
  readonly service: string;
  readonly operation: string;
  /** The caller's idempotency key. */
  readonly key: string;
  /** Which identical operation inside one keyed scope (0, 1, ...). */
  readonly occurrence: number;
}

/** Keeps binding-key hashes apart from any other SHA-256 of the same strings. */
const BINDING_KEY_DOMAIN = 'retrysafe/binding-key/v1';

/**
 * Hex SHA-256 of the parts. Each part is hashed behind its byte length, so no
 * two different part lists share an encoding: ('a', 'bc') ≠ ('ab', 'c').
 */
export function bindingKey(parts: BindingKeyParts): string {
  const { namespace, scope, service, operation, key, occurrence } = parts;
  requireString('namespace', namespace);
  requireString('scope', scope);
  requireString('service', service);
  requireString('operation', operation);
  requireString('key', key);
  if (!Number.isSafeInteger(occurrence) || occurrence < 0) {
    throw new RangeError(`binding key part 'occurrence' must be a non-negative integer, got ${String(occurrence)}`);
  }
  const encoded = lengthPrefixed([BINDING_KEY_DOMAIN, namespace, scope, normalizeServiceName(service), operation, key, String(occurrence)]);
  return sha256Hex(encoded);
}

function requireString(name: string, value: unknown): void {
  if (typeof value !== 'string') throw new TypeError(`binding key part '${name}' must be a string`);
}
