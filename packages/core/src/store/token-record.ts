import { setOwnMember } from '../fingerprint/own-member.js';
import { isTimestamp } from './token-record-rules.js';
import type { TokenRecord } from './token-store.js';

/** What a caller knows when it first binds a logical operation. */
export interface NewTokenRecordInit {
  readonly bindingKey: string;
  readonly token: string;
  readonly fingerprint: string;
  readonly memberDigests: Readonly<Record<string, string>>;
  /**
   * How long the binding lives, ms (the service's own token lifetime, at
   * most): a positive integer small enough that `now + ttlMs` stays a safe
   * integer (`Number.MAX_SAFE_INTEGER`, about 285,000 years after 1970).
   */
  readonly ttlMs: number;
  /** Epoch ms (a non-negative safe integer) to stamp the record with. Default: `Date.now()`. */
  readonly now?: number;
}

/**
 * A pending record, created and updated now, gone `ttlMs` later: the one
 * constructor shared by the plugin and the stores. The result is a frozen
 * copy; later changes to `init.memberDigests` do not reach it.
 *
 * Throws `RangeError` for a `now` or `ttlMs` that would stamp a time that is
 * not a safe integer: such a record would be refused by every store's
 * reader, so it is refused here, before anything is written.
 */
export function newTokenRecord(init: NewTokenRecordInit): TokenRecord {
  const now = init.now ?? Date.now();
  if (!isTimestamp(now)) {
    throw new RangeError(`a binding's now must be a non-negative safe integer of epoch ms, got ${String(now)}`);
  }
  if (!Number.isSafeInteger(init.ttlMs) || init.ttlMs <= 0) {
    throw new RangeError(`a binding's ttlMs must be a positive integer of ms, got ${String(init.ttlMs)}`);
  }
  const expiresAt = now + init.ttlMs;
  if (!isTimestamp(expiresAt)) {
    throw new RangeError(
      `a binding's ttlMs of ${init.ttlMs} ms would expire it past Number.MAX_SAFE_INTEGER epoch ms; ` +
        `at most ${Number.MAX_SAFE_INTEGER - now} ms from now`,
    );
  }
  return freezeTokenRecord({
    bindingKey: init.bindingKey,
    token: init.token,
    fingerprint: init.fingerprint,
    memberDigests: init.memberDigests,
    status: 'pending',
    createdAt: now,
    updatedAt: now,
    expiresAt,
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
