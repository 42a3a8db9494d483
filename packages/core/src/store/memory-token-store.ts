import { packMemberDigests, unpackMemberDigests } from './packed-member-digests.js';
import { isExpired, withMemberDigests } from './token-record.js';
import type { BindingStatus, BindResult, ListOptions, TokenRecord, TokenStore } from './token-store.js';
import { validateTokenRecord } from './validate-token-record.js';

/** A record as the store holds it: its member digests packed into one string. */
interface HeldRecord extends Omit<TokenRecord, 'memberDigests'> {
  readonly packedDigests: string;
}

/**
 * Enough for a busy server's in-flight keyed operations. A record of a
 * 29-member RunInstances input takes about 2.8 KB here, so a full store
 * about 28 MB.
 */
export const DEFAULT_MEMORY_STORE_MAX_ENTRIES = 10_000;

/** Options of `MemoryTokenStore`. */
export interface MemoryTokenStoreOptions {
  /** The most records held at once; the least recently used go first. Default 10,000. */
  readonly maxEntries?: number;
  /** Clock in epoch ms, for tests. Default `Date.now`. */
  readonly now?: () => number;
}

const STORE_NAME = 'memory';

/**
 * Bindings in this process only: the default store. Bounded (least recently
 * used records are evicted, expired ones first) and lazily expiring.
 *
 * Every method finishes its check-and-set without awaiting, so concurrent
 * calls in this process are atomic. What a caller passes in or gets back
 * cannot change what the store holds: it keeps its own compact copy (member
 * digests packed, see `packMemberDigests`) and hands out deep-frozen records.
 */
export class MemoryTokenStore implements TokenStore {
  readonly name = STORE_NAME;
  private readonly maxEntries: number;
  private readonly now: () => number;
  /** Map order is recency order: the first entry is the least recently used. */
  private readonly records = new Map<string, HeldRecord>();
  /**
   * No record expires before this (a lower bound), so a full store scans
   * for expired records only when one can exist.
   */
  private earliestExpiry = Number.POSITIVE_INFINITY;
  /**
   * Where eviction resumes: everything before it was evicted or moved to the
   * end by use, so its next key is the least recently used. A Map keeps a
   * deleted entry as a hole until it rehashes, and a new iterator per
   * eviction stepped over every hole left by the evictions before it
   * (thousands in a full store: microseconds on every keyed send).
   */
  private evictionCursor: Iterator<string> = this.records.keys();

  constructor(options: MemoryTokenStoreOptions = {}) {
    const maxEntries = options.maxEntries ?? DEFAULT_MEMORY_STORE_MAX_ENTRIES;
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
      throw new RangeError(`MemoryTokenStore maxEntries must be a positive integer, got ${String(maxEntries)}`);
    }
    this.maxEntries = maxEntries;
    this.now = options.now ?? Date.now;
  }

  /** Records held, expired ones not yet dropped included. */
  get size(): number {
    return this.records.size;
  }

  async bind(record: TokenRecord): Promise<BindResult> {
    const candidate = validateTokenRecord(record, { store: STORE_NAME, action: 'bind' });
    const existing = this.live(candidate.bindingKey, this.now());
    if (existing !== undefined) {
      this.touch(existing);
      return { record: release(existing), created: false };
    }
    this.makeRoom();
    this.put(hold(candidate));
    return { record: candidate, created: true };
  }

  async get(bindingKey: string): Promise<TokenRecord | undefined> {
    const record = this.live(bindingKey, this.now());
    if (record === undefined) return undefined;
    this.touch(record);
    return release(record);
  }

  async complete(bindingKey: string, token: string, status: Exclude<BindingStatus, 'pending'>): Promise<void> {
    const now = this.now();
    const record = this.live(bindingKey, now);
    if (record === undefined || record.token !== token) return;
    this.records.delete(bindingKey);
    this.put({ ...record, status, updatedAt: now });
  }

  async delete(bindingKey: string): Promise<void> {
    this.records.delete(bindingKey);
  }

  /** Live records, least recently used first. Listing does not count as use. */
  async list(options: ListOptions = {}): Promise<TokenRecord[]> {
    const { prefix = '', limit = Number.POSITIVE_INFINITY } = options;
    if (limit !== Number.POSITIVE_INFINITY && (!Number.isSafeInteger(limit) || limit < 0)) {
      throw new RangeError(`list limit must be a non-negative integer, got ${String(limit)}`);
    }
    const now = this.now();
    const found: TokenRecord[] = [];
    for (const record of this.records.values()) {
      if (found.length >= limit) break;
      if (record.bindingKey.startsWith(prefix) && !isExpired(record, now)) found.push(release(record));
    }
    return found;
  }

  async prune(): Promise<number> {
    return this.dropExpired(this.now());
  }

  /** The unexpired record for a key; an expired one is dropped on the way. */
  private live(bindingKey: string, now: number): HeldRecord | undefined {
    const record = this.records.get(bindingKey);
    if (record === undefined) return undefined;
    if (isExpired(record, now)) {
      this.records.delete(bindingKey);
      return undefined;
    }
    return record;
  }

  private put(record: HeldRecord): void {
    this.records.set(record.bindingKey, record);
    this.earliestExpiry = Math.min(this.earliestExpiry, record.expiresAt);
  }

  /** Moves a record to the most recently used end. */
  private touch(record: HeldRecord): void {
    this.records.delete(record.bindingKey);
    this.records.set(record.bindingKey, record);
  }

  /** Frees one slot when full: expired records first, then the least recently used. */
  private makeRoom(): void {
    if (this.records.size < this.maxEntries) return;
    const now = this.now();
    if (now >= this.earliestExpiry) this.dropExpired(now);
    while (this.records.size >= this.maxEntries) {
      const next = this.evictionCursor.next();
      // Spent only if it ran past the last entry; live entries lie ahead of a fresh one.
      if (next.done === true) this.evictionCursor = this.records.keys();
      else this.records.delete(next.value);
    }
  }

  private dropExpired(now: number): number {
    let dropped = 0;
    let earliest = Number.POSITIVE_INFINITY;
    for (const record of this.records.values()) {
      if (isExpired(record, now)) {
        this.records.delete(record.bindingKey);
        dropped += 1;
      } else {
        earliest = Math.min(earliest, record.expiresAt);
      }
    }
    this.earliestExpiry = earliest;
    return dropped;
  }
}

function hold(record: TokenRecord): HeldRecord {
  return {
    bindingKey: record.bindingKey,
    token: record.token,
    fingerprint: record.fingerprint,
    packedDigests: packMemberDigests(record.memberDigests),
    status: record.status,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    updatedAt: record.updatedAt,
  };
}

/** A caller's own frozen record, rebuilt from what the store holds. */
function release(held: HeldRecord): TokenRecord {
  return Object.freeze(withMemberDigests(held, unpackMemberDigests(held.packedDigests)));
}
