import { checkHmacSecret, MemoryTokenStore, type ErrorClass, type RetryBudget, type TokenStore } from '@retrysafe/core';
import type { RetrysafeEventListener } from './events.js';

/** What a keyed call does when the token store fails. */
export type StoreErrorPolicy = 'fail' | 'proceed';

/** Options of `idempotencyPlugin`; every one is optional. */
export interface IdempotencyPluginOptions {
  /** Total attempts per send, the first included. Default 3. */
  readonly maxAttempts?: number;
  /** Where keyed bindings live. Default: a bounded in-memory store per plugin. */
  readonly store?: TokenStore;
  /**
   * HMAC key for derived tokens and stored fingerprints. Set it (the same on
   * every host) so nobody outside can predict tokens or guess parameters from hashes.
   * Copied when the plugin is made (zeroing your buffer later changes nothing);
   * an empty one throws `RangeError`: leave it out for no secret.
   */
  readonly secret?: string | Uint8Array;
  /** Separates applications that share keys or a store. Default 'retrysafe'. */
  readonly namespace?: string;
  /** Per-error override of the retry decision; undefined keeps the default. */
  readonly retryable?: (error: unknown, errorClass: ErrorClass) => boolean | undefined;
  /** Epoch ms (or a function giving it) after which no retry starts. */
  readonly deadline?: number | (() => number | undefined);
  /**
   * Keyed calls when the store is unavailable: 'fail' (default) sends
   * nothing; 'proceed' sends with the derived token. Any other store failure
   * (misconfigured, a corrupt record) fails whatever this says: proceeding
   * past a missing table would run without bindings until someone noticed.
   */
  readonly onStoreError?: StoreErrorPolicy;
  /** Observability hook: token issued/reused, retry, mismatch, store error. */
  readonly onEvent?: RetrysafeEventListener;
  /**
   * How long a keyed binding lives, ms, per service and operation. Default
   * 24 h (10 min for DynamoDB). A positive integer of at most
   * `MAX_BINDING_TTL_MS` (100 years): the stores keep expiry as exact epoch
   * milliseconds, so "never expire" values such as `Number.MAX_SAFE_INTEGER`
   * or `Infinity` are refused, not capped. A number out of range throws
   * `RangeError` when the plugin is made; a function's result, when the
   * keyed call it is asked for is sent (before anything is stored or sent).
   */
  readonly bindingTtlMs?: number | ((service: string, operation: string) => number);
  /** Backoff bases and cap (ms). Defaults 50 / 1000 / 20 000. */
  readonly baseDelayMs?: number;
  readonly throttlingBaseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** The client's retry budget; false turns it off. Default: a new bucket per client. */
  readonly retryBudget?: RetryBudget | false;
  /** Jitter source in [0, 1); for reproducible tests. Default Math.random. */
  readonly random?: () => number;
}

/** The namespace mixed into every derived token and binding key unless `namespace` is set. */
export const DEFAULT_NAMESPACE = 'retrysafe';
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** EC2 keeps a token at least 24 h (after the instance terminates); most services as long or less. */
export const DEFAULT_BINDING_TTL_MS = 24 * HOUR_MS;
const DAY_MS = 24 * HOUR_MS;
/**
 * The longest `bindingTtlMs`: 100 years, far past any service's token
 * lifetime. A fixed bound rather than "until Number.MAX_SAFE_INTEGER", so
 * whether an option is accepted never depends on the clock; expiry then
 * stays a safe integer for some 285,000 years.
 */
export const MAX_BINDING_TTL_MS = 100 * 365 * DAY_MS;
/** Services that forget tokens sooner: a binding must not outlive the service's memory of it. */
const SERVICE_BINDING_TTL_MS: Readonly<Record<string, number>> = {
  dynamodb: 10 * MINUTE_MS,
};

/** The options with their defaults filled in. */
export interface ResolvedOptions {
  readonly store: TokenStore;
  readonly secret: string | Uint8Array | undefined;
  readonly namespace: string;
  readonly onStoreError: StoreErrorPolicy;
  readonly onEvent: RetrysafeEventListener | undefined;
  readonly bindingTtlMs: (service: string, operation: string) => number;
}

export function resolveOptions(options: IdempotencyPluginOptions): ResolvedOptions {
  const ttl = options.bindingTtlMs;
  if (typeof ttl === 'number') checkBindingTtl(ttl, 'bindingTtlMs');
  if (options.onStoreError !== undefined && options.onStoreError !== 'fail' && options.onStoreError !== 'proceed') {
    throw new TypeError("retrysafe: onStoreError must be 'fail' or 'proceed'");
  }
  return {
    store: options.store ?? new MemoryTokenStore(),
    secret: privateSecret(options.secret),
    namespace: options.namespace ?? DEFAULT_NAMESPACE,
    onStoreError: options.onStoreError ?? 'fail',
    onEvent: options.onEvent,
    bindingTtlMs:
      typeof ttl === 'function'
        ? (service, operation) => checkBindingTtl(ttl(service, operation), `bindingTtlMs('${service}', '${operation}')`)
        : (service) => ttl ?? SERVICE_BINDING_TTL_MS[service.toLowerCase()] ?? DEFAULT_BINDING_TTL_MS,
  };
}

/** `ttl` when it is a binding lifetime the stores can keep; `RangeError` otherwise. */
function checkBindingTtl(ttl: unknown, what: string): number {
  if (typeof ttl !== 'number' || !Number.isSafeInteger(ttl) || ttl <= 0 || ttl > MAX_BINDING_TTL_MS) {
    throw new RangeError(
      `retrysafe: ${what} must be a positive integer of milliseconds, at most ${MAX_BINDING_TTL_MS} (100 years); got ${String(ttl)}`,
    );
  }
  return ttl;
}

/**
 * The secret checked once, when the plugin is made, and kept as a private
 * copy: a caller that zeroes its buffer afterwards (as secret hygiene asks)
 * must not change every later token and fingerprint.
 */
function privateSecret(secret: unknown): string | Uint8Array | undefined {
  if (secret === undefined) return undefined;
  const checked = checkHmacSecret(secret, 'retrysafe: secret');
  return typeof checked === 'string' ? checked : Uint8Array.from(checked);
}
