import { setOwnMember } from '../fingerprint/own-member.js';
import type { TokenRecord } from './token-store.js';

/** What a caller knows when it first binds a logical operation. */
export interface NewTokenRecordInit {
  readonly bindingKey: string;
  readonly token: string;
  readonly fingerprint: string;
  readonly memberDigests: Readonly<Record<string, string>>;
  /** How long the binding lives, ms (the service's own token lifetime, at most). */
  readonly ttlMs: number;
  /** Epoch ms to stamp the record with. Default: `Date.now()`. */
  readonly now?: number;
}

/**
 * A pending record, created and updated now, gone `ttlMs` later: the one
 * constructor shared by the plugin and the stores. The result is a frozen
 * copy; later changes to `init.memberDigests` do not reach it.
 */
export function newTokenRecord(init: NewTokenRecordInit): TokenRecord {
  const now = init.now ?? Date.now();
  if (!Number.isFinite(init.ttlMs) || init.ttlMs <= 0) {
    throw new RangeError(`a binding's ttlMs must be a positive finite number, got ${String(init.ttlMs)}`);
  }
  return freezeTokenRecord({
    bindingKey: init.bindingKey,
    token: init.token,
    fingerprint: init.fingerprint,
    memberDigests: init.memberDigests,
    status: 'pending',
    createdAt: now,
    updatedAt: now,
    expiresAt: now + init.ttlMs,
  });
}

/** A binding is gone from `expiresAt` on: its lifetime is [createdAt, expiresAt). */
export function isExpired(record: Pick<TokenRecord, 'expiresAt'>, now: number): boolean {
  return now >= record.expiresAt;
}

/** Every field of a record but its member digests. */
export type TokenRecordFields = Omit<TokenRecord, 'memberDigests'>;

/**
 * A deep-frozen copy holding exactly the record's fields, so neither the
 * caller nor the store can change a record the other holds.
 */
export function freezeTokenRecord(record: TokenRecord): TokenRecord {
  return Object.freeze(withMemberDigests(record, copyMemberDigests(record.memberDigests)));
}

/**
 * Exactly the record's fields, each read once from `fields`, with
 * `memberDigests` in their place (not frozen): the one field list that every
 * record built here, in validation and in the memory store shares.
 */
export function withMemberDigests<Digests>(
  fields: TokenRecordFields,
  memberDigests: Digests,
): TokenRecordFields & { readonly memberDigests: Digests } {
  return {
    bindingKey: fields.bindingKey,
    token: fields.token,
    fingerprint: fields.fingerprint,
    memberDigests,
    status: fields.status,
    createdAt: fields.createdAt,
    expiresAt: fields.expiresAt,
    updatedAt: fields.updatedAt,
  };
}

/** A frozen copy of the member digests (every record is copied at least once per bind). */
function copyMemberDigests(digests: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  const copy: Record<string, string> = {};
  for (const member of Object.keys(digests)) setOwnMember(copy as Record<string, unknown>, member, digests[member]);
  return Object.freeze(copy);
}
