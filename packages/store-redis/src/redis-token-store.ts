import {
  decodeTokenRecord,
  encodeTokenRecord,
  freezeTokenRecord,
  TokenStoreError,
  validateTokenRecord,
  type BindingStatus,
  type BindResult,
  type ListOptions,
  type TokenRecord,
  type TokenStore,
} from '@retrysafe/core';
import { replyText, runScript, type RedisCommandClient } from './redis-command-client.js';
import { OwnedRedisConnection } from './redis-connection.js';
import { foreignTypeError, toTokenStoreError } from './redis-errors.js';
import { BIND_FOREIGN, BIND_FOUND, BIND_SCRIPT, BIND_WROTE, REPLACE_SCRIPT } from './redis-scripts.js';

/** Prepended to every binding key unless `keyPrefix` is set, so the bindings can share a Redis with other data. */
export const DEFAULT_REDIS_KEY_PREFIX = 'retrysafe:';
/** Longest wait for one command's answer before a call fails with 'unavailable'. */
export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 2_000;
/** Longest wait for the store's own client to connect the first time. */
export const DEFAULT_REDIS_CONNECT_TIMEOUT_MS = 2_000;

/** Options of `RedisTokenStore`: exactly one of `client` and `url`, the rest optional. */
export interface RedisTokenStoreOptions {
  /**
   * A connected node-redis client (single node). It stays the caller's:
   * `close()` leaves it open. Give it `disableOfflineQueue: true` so calls
   * fail fast while Redis is down (the command timeout bounds them anyway).
   */
  readonly client?: RedisCommandClient;
  /** `redis://host:port` for a client the store makes, connects and closes. Give this or `client`. */
  readonly url?: string;
  /** Prepended to every binding key. Default 'retrysafe:'. */
  readonly keyPrefix?: string;
  /** Longest wait for one command's answer, ms, before the call fails with 'unavailable'; a positive integer. Default 2,000. */
  readonly commandTimeoutMs?: number;
  /** Longest wait for the store's own client (`url`) to connect the first time, ms; a positive integer. Default 2,000. */
  readonly connectTimeoutMs?: number;
  /** Clock in epoch ms, for the TTL of new bindings and `updatedAt`. Default `Date.now`. */
  readonly now?: () => number;
}

const STORE_NAME = 'redis';
/** PX needs a positive integer; a record already expired by this clock lives 1 ms. */
const MIN_TTL_MS = 1;
/** A completion that keeps losing its compare-and-set to other writers gives up (after this many reads). */
const COMPLETE_ATTEMPTS = 3;
/**
 * Bound values remembered for their completion, at most: a send whose
 * outcome is never recorded (a crash, a lost answer) leaves one behind.
 */
const MAX_REMEMBERED_BINDS = 1_000;
/** Keys asked for per SCAN step. */
const SCAN_COUNT = 500;
const GLOB_SPECIAL = /[*?[\]\\]/g;

/** A value as stored, and the record it encodes (checked already). */
interface BoundValue {
  readonly text: string;
  readonly record: TokenRecord;
}

/**
 * Bindings in Redis, shared by a fleet. One key per binding, holding the
 * record as the core codec's JSON, with a TTL of the record's remaining life.
 *
 * - bind: one round trip, a Lua script with `SET NX PX` semantics that also
 *   returns the binding already standing.
 * - complete: a Lua compare-and-set of the whole value that keeps the TTL,
 *   from the value this store wrote or found at bind: one round trip. When
 *   that value has changed (or was never seen here), GET first.
 * - Expiry is the Redis server's: a key that exists is live, whatever the
 *   reading client's clock says, so clients with skewed clocks always agree
 *   on one token; a client's clock only sets the TTL of what it writes.
 *   There is no `prune`: Redis removes expired keys itself.
 * - A value that is not a version-1 record of its key (corrupt, foreign,
 *   another data type, newer format) throws `TokenStoreError`; it is never
 *   taken for an absent binding nor overwritten.
 * - Down or unreachable Redis: calls fail with 'unavailable' within the
 *   command timeout, and work again once the client has reconnected.
 */
export class RedisTokenStore implements TokenStore {
  readonly name = STORE_NAME;
  readonly keyPrefix: string;
  /** The caller's client, or undefined when the store has its own (`owned`). */
  private readonly callerClient?: RedisCommandClient;
  private readonly owned?: OwnedRedisConnection;
  private readonly commandTimeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly now: () => number;
  private closed = false;
  /** Binding key -> the value bind wrote or found (and its record), until complete uses it; oldest first. */
  private readonly boundValues = new Map<string, BoundValue>();

  constructor(options: RedisTokenStoreOptions) {
    if ((options.client === undefined) === (options.url === undefined)) {
      throw new TypeError('RedisTokenStore needs exactly one of `client` and `url`');
    }
    this.commandTimeoutMs = positiveInteger('commandTimeoutMs', options.commandTimeoutMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS);
    this.connectTimeoutMs = positiveInteger('connectTimeoutMs', options.connectTimeoutMs ?? DEFAULT_REDIS_CONNECT_TIMEOUT_MS);
    this.keyPrefix = options.keyPrefix ?? DEFAULT_REDIS_KEY_PREFIX;
    this.now = options.now ?? Date.now;
    if (options.url !== undefined) {
      // A malformed URL is a set-up error: a TypeError now, not 'unavailable' on every call.
      if (!URL.canParse(options.url)) throw new TypeError('RedisTokenStore url is not a URL');
      this.owned = new OwnedRedisConnection(options.url, this.connectTimeoutMs);
    } else {
      this.callerClient = options.client;
    }
  }

  async bind(record: TokenRecord): Promise<BindResult> {
    const candidate = validateTokenRecord(record, { store: STORE_NAME, action: 'bind' });
    const text = encodeTokenRecord(candidate, STORE_NAME);
    const ttlMs = Math.max(MIN_TTL_MS, Math.ceil(candidate.expiresAt - this.now()));
    const reply = await this.command('bind', (client, options) =>
      runScript(client, BIND_SCRIPT, [this.key(candidate.bindingKey)], [text, String(ttlMs)], options),
    );
    if (!Array.isArray(reply)) throw unexpectedReply('bind');
    const [outcome, existing] = reply as unknown[];
    if (outcome === BIND_WROTE) {
      this.rememberBound(candidate.bindingKey, { text, record: candidate });
      return { record: candidate, created: true };
    }
    if (outcome === BIND_FOREIGN) throw foreignTypeError(STORE_NAME, 'bind');
    if (outcome !== BIND_FOUND) throw unexpectedReply('bind');
    const existingText = replyTextOf(existing, 'bind');
    const standing = this.decode(existingText, candidate.bindingKey);
    this.rememberBound(candidate.bindingKey, { text: existingText, record: standing });
    return { record: standing, created: false };
  }

  async get(bindingKey: string): Promise<TokenRecord | undefined> {
    const text = await this.read('get', bindingKey);
    return text === undefined ? undefined : this.decode(text, bindingKey);
  }

  async complete(bindingKey: string, token: string, status: Exclude<BindingStatus, 'pending'>): Promise<void> {
    // The value bound a moment ago is most likely still there: try it without
    // reading. If it changed since, what stands now decides: read it.
    const bound = this.boundValues.get(bindingKey);
    this.boundValues.delete(bindingKey);
    if (bound !== undefined && (await this.replaceIfCurrent(bindingKey, bound, token, status)) === 'replaced') return;
    for (let attempt = 0; attempt < COMPLETE_ATTEMPTS; attempt += 1) {
      const text = await this.read('complete', bindingKey);
      if (text === undefined) return;
      const outcome = await this.replaceIfCurrent(bindingKey, { text, record: this.decode(text, bindingKey) }, token, status);
      if (outcome !== 'changed') return;
    }
    throw new TokenStoreError({
      store: STORE_NAME,
      kind: 'conflict',
      action: 'complete',
      token,
      message: `token store '${STORE_NAME}' could not complete a binding: it changed under every one of ${COMPLETE_ATTEMPTS} attempts`,
    });
  }

  async delete(bindingKey: string): Promise<void> {
    await this.command('delete', (client, options) => client.sendCommand(['DEL', this.key(bindingKey)], options));
  }

  /** Live records under the prefix, in no particular order (SCAN). A value that is not a record throws. */
  async list(options: ListOptions = {}): Promise<TokenRecord[]> {
    const { prefix = '', limit = Number.POSITIVE_INFINITY } = options;
    if (limit !== Number.POSITIVE_INFINITY && (!Number.isSafeInteger(limit) || limit < 0)) {
      throw new RangeError(`list limit must be a non-negative integer, got ${String(limit)}`);
    }
    const pattern = `${this.key(prefix).replace(GLOB_SPECIAL, '\\$&')}*`;
    const seen = new Set<string>();
    const found: TokenRecord[] = [];
    let cursor = '0';
    do {
      if (found.length >= limit) break;
      const reply = await this.command('list', (client, commandOptions) =>
        client.sendCommand(['SCAN', cursor, 'MATCH', pattern, 'COUNT', String(SCAN_COUNT)], commandOptions),
      );
      const [next, batch] = Array.isArray(reply) ? (reply as unknown[]) : [];
      if (!Array.isArray(batch)) throw unexpectedReply('list');
      cursor = replyTextOf(next, 'list');
      // SCAN may return a key twice.
      const keys = batch.map((key) => replyTextOf(key, 'list')).filter((key) => !seen.has(key));
      for (const key of keys) seen.add(key);
      if (keys.length === 0) continue;
      const values = await this.command('list', (client, commandOptions) =>
        client.sendCommand(['MGET', ...keys], commandOptions),
      );
      if (!Array.isArray(values)) throw unexpectedReply('list');
      for (const [index, key] of keys.entries()) {
        const text = replyTextOf(values[index], 'list', true);
        if (text === undefined) {
          // MGET answers nil for a key gone since SCAN and for a key of another type.
          await this.requireGoneOrString(key);
        } else if (found.length < limit) {
          found.push(this.decode(text, key.slice(this.keyPrefix.length)));
        }
      }
    } while (cursor !== '0');
    return found;
  }

  /**
   * Closes the store's own client (not one the caller handed in). Later
   * calls fail with 'unavailable'. Returns within about the command timeout
   * even when Redis hangs: replies still pending then are dropped with the
   * socket.
   */
  async close(): Promise<void> {
    this.closed = true;
    await this.owned?.close(this.commandTimeoutMs);
  }

  private key(bindingKey: string): string {
    return this.keyPrefix + bindingKey;
  }

  /**
   * Completes `value` (a stored value and its record) with a compare-and-set:
   * 'replaced', 'changed' when the stored value is no longer this one, or
   * 'other-token' when the record belongs to another token (nothing to do).
   */
  private async replaceIfCurrent(
    bindingKey: string,
    { text, record }: BoundValue,
    token: string,
    status: Exclude<BindingStatus, 'pending'>,
  ): Promise<'replaced' | 'changed' | 'other-token'> {
    if (record.token !== token) return 'other-token';
    const completed = encodeTokenRecord(freezeTokenRecord({ ...record, status, updatedAt: this.now() }), STORE_NAME);
    const wrote = await this.command('complete', (client, options) =>
      runScript(client, REPLACE_SCRIPT, [this.key(bindingKey)], [text, completed], options),
    );
    return wrote === 1 ? 'replaced' : 'changed';
  }

  private rememberBound(bindingKey: string, value: BoundValue): void {
    this.boundValues.delete(bindingKey);
    this.boundValues.set(bindingKey, value);
    if (this.boundValues.size > MAX_REMEMBERED_BINDS) {
      const oldest = this.boundValues.keys().next();
      if (oldest.done !== true) this.boundValues.delete(oldest.value);
    }
  }

  private async read(action: string, bindingKey: string): Promise<string | undefined> {
    const reply = await this.command(action, (client, options) => client.sendCommand(['GET', this.key(bindingKey)], options));
    return replyTextOf(reply, action, true);
  }

  /** Throws when `key` exists as something other than a string: a foreign key under the prefix. */
  private async requireGoneOrString(key: string): Promise<void> {
    const type = await this.command('list', (client, options) => client.sendCommand(['TYPE', key], options));
    const name = replyTextOf(type, 'list');
    if (name !== 'none' && name !== 'string') throw foreignTypeError(STORE_NAME, 'list');
  }

  /** The record in a value, which must be a version-1 record of this very key. */
  private decode(text: string, bindingKey: string): TokenRecord {
    const record = decodeTokenRecord(text, STORE_NAME);
    if (record.bindingKey !== bindingKey) {
      throw new TokenStoreError({
        store: STORE_NAME,
        kind: 'corrupt-record',
        action: 'decode',
        message: `token store '${STORE_NAME}' holds a corrupt token record: the key holds another binding's record`,
      });
    }
    return record;
  }

  /**
   * One exchange with Redis, bounded by the command timeout (node-redis
   * stops timing a command once it is written, so the store keeps its own
   * deadline), with every failure as a `TokenStoreError`.
   */
  private async command<T>(
    action: string,
    work: (client: RedisCommandClient, options: { timeout: number }) => Promise<T>,
  ): Promise<T> {
    if (this.closed) {
      throw new TokenStoreError({ store: STORE_NAME, kind: 'unavailable', action, message: `token store '${STORE_NAME}' is closed` });
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      const client = this.owned === undefined ? (this.callerClient as RedisCommandClient) : await this.owned.client(this.connectTimeoutMs);
      const deadline = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(
          () => reject(new Error(`Redis did not answer within ${this.commandTimeoutMs} ms`)),
          this.commandTimeoutMs,
        );
      });
      return await Promise.race([work(client, { timeout: this.commandTimeoutMs }), deadline]);
    } catch (error) {
      throw toTokenStoreError(error, STORE_NAME, action);
    } finally {
      clearTimeout(timer);
    }
  }
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`RedisTokenStore ${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

/** A reply element as text; a missing one only where `optional`. */
function replyTextOf(reply: unknown, action: string, optional: true): string | undefined;
function replyTextOf(reply: unknown, action: string): string;
function replyTextOf(reply: unknown, action: string, optional = false): string | undefined {
  let text: string | undefined;
  try {
    text = replyText(reply);
  } catch {
    throw unexpectedReply(action);
  }
  if (text === undefined && !optional) throw unexpectedReply(action);
  return text;
}

function unexpectedReply(action: string): TokenStoreError {
  return new TokenStoreError({
    store: STORE_NAME,
    kind: 'corrupt-record',
    action,
    message: `token store '${STORE_NAME}' got a reply of an unexpected shape from Redis (is the client using RESP2 defaults?)`,
  });
}
