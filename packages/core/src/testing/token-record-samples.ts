import { randomBytes, randomUUID } from 'node:crypto';
import { newTokenRecord } from '../store/token-record.js';
import type { TokenRecord } from '../store/token-store.js';

/** SHA-256-sized: the size `bindingKey` produces. */
const DIGEST_BYTES = 32;
/** Long enough that a test's records outlive the test. */
export const SAMPLE_TTL_MS = 60 * 60 * 1000;

/** A fresh random binding key, so tests sharing one store never collide. */
export function randomBindingKey(prefix = ''): string {
  const full = randomBytes(DIGEST_BYTES).toString('hex');
  return prefix + full.slice(prefix.length);
}

/** A random lowercase hex digest of SHA-256 size. */
export function randomDigest(): string {
  return randomBytes(DIGEST_BYTES).toString('hex');
}

/** Fields of a sample record to set instead of random ones. */
export interface SampleTokenRecordInit {
  readonly bindingKey?: string;
  readonly token?: string;
  /** How many top-level members to give digests to. Default 3. */
  readonly members?: number;
  readonly ttlMs?: number;
  readonly now?: number;
}

const DEFAULT_SAMPLE_MEMBERS = 3;

/** A valid pending record with random key, token and digests (real clock unless `now` is given). */
export function sampleTokenRecord(init: SampleTokenRecordInit = {}): TokenRecord {
  const memberCount = init.members ?? DEFAULT_SAMPLE_MEMBERS;
  const memberDigests: Record<string, string> = {};
  for (let i = 0; i < memberCount; i += 1) memberDigests[`Member${i}`] = randomDigest();
  return newTokenRecord({
    bindingKey: init.bindingKey ?? randomBindingKey(),
    token: init.token ?? randomUUID(),
    fingerprint: randomDigest(),
    memberDigests,
    ttlMs: init.ttlMs ?? SAMPLE_TTL_MS,
    now: init.now,
  });
}
