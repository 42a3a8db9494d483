import type { FakeAwsServer, ServiceName } from '@retrysafe/fake-aws';

// The knobs of a chaos run and their defaults.

/**
 * How the callers' clients are set up:
 * - bare: plain SDK clients with the SDK's default retries;
 * - retrysafe: the retrysafe plugin on each client; the caller resends the same command object;
 * - retrysafe-keyed-fresh: every logical operation has an idempotency key, and after every
 *   failed send the caller builds a fresh client (a new plugin with an empty in-memory
 *   store: a restart) and a new command with the same key.
 */
export const CHAOS_MODES = ['bare', 'retrysafe', 'retrysafe-keyed-fresh'] as const;
/** One of `CHAOS_MODES`: how the callers' clients are set up. */
export type ChaosMode = (typeof CHAOS_MODES)[number];

/** The plugin's backoff in a chaos run. */
export interface ChaosBackoff {
  /** Base delay before a retry, ms (the plugin's `baseDelayMs`). */
  readonly baseDelayMs: number;
  /** Base delay before a retry after throttling, ms (the plugin's `throttlingBaseDelayMs`). */
  readonly throttlingBaseDelayMs: number;
  /** Cap of any one delay, ms (the plugin's `maxDelayMs`). */
  readonly maxDelayMs: number;
}

/** How far a run has got, reported to `onProgress` each time a logical operation settles. */
export interface ChaosProgress {
  readonly mode: ChaosMode;
  /** Logical operations settled so far, all services together. */
  readonly done: number;
  /** Logical operations in the run: `operations` times the number of services. */
  readonly total: number;
}

/**
 * Options of `runChaosWorkload`: `mode`, the rest optional. A value out of
 * range throws `RangeError` before anything runs.
 */
export interface ChaosWorkloadOptions {
  /** How the callers' clients are set up (see `CHAOS_MODES`). */
  readonly mode: ChaosMode;
  /** Logical operations per service. Default 300. */
  readonly operations?: number;
  /** Share of requests that get a fault, spread evenly over every fault kind. Default 0.4. */
  readonly faultRate?: number;
  /**
   * Seed of the fault sequence, when the run starts its own server. Default 1.
   * With `server`, the server's seed is used, and a different `seed` throws.
   */
  readonly seed?: number;
  /** Logical operations in flight at once. Default 16. */
  readonly concurrency?: number;
  /** How often a caller sends an intent again after a failed send. Default 8. */
  readonly maxResends?: number;
  /**
   * Every n-th operation of a service, once it has succeeded, is sent again with a
   * changed tag: a caller bug (a redelivery that recomputes a parameter). 0: never. Default 50.
   */
  readonly callerMistakeEvery?: number;
  /** Services to drive. Default: all (ec2, cloudformation, ram). */
  readonly services?: readonly ServiceName[];
  /** A running fake-aws to use (it is reset and its faults replaced); default: a new one on a free port, closed at the end. */
  readonly server?: FakeAwsServer;
  /** The plugin's backoff. Default WORKLOAD_BACKOFF (short, so a run of thousands of operations is quick). */
  readonly backoff?: ChaosBackoff;
  /** Called each time a logical operation settles, e.g. to draw a progress bar. */
  readonly onProgress?: (progress: ChaosProgress) => void;
}

/** Logical operations per service unless `operations` is set. */
export const DEFAULT_OPERATIONS = 300;
/** Share of requests that get a fault unless `faultRate` is set. */
export const DEFAULT_FAULT_RATE = 0.4;
/** Seed of the fault sequence unless `seed` (or `server`) is set. */
export const DEFAULT_SEED = 1;
/** Logical operations in flight at once unless `concurrency` is set. */
export const DEFAULT_CONCURRENCY = 16;
/** Resends of an intent after a failed send unless `maxResends` is set. */
export const DEFAULT_MAX_RESENDS = 8;
/** Every n-th operation of a service is resent with a changed tag after success, unless `callerMistakeEvery` is set. */
export const DEFAULT_CALLER_MISTAKE_EVERY = 50;
/** The plugin's production defaults are 50 / 1000 / 20 000 ms; a chaos run of thousands of calls uses these. */
export const WORKLOAD_BACKOFF: ChaosBackoff = { baseDelayMs: 5, throttlingBaseDelayMs: 20, maxDelayMs: 200 };
const MAX_OPERATIONS = 1_000_000;
const MAX_CONCURRENCY = 1_000;
const MAX_RESENDS_LIMIT = 100;
const SEED_LIMIT = 2 ** 32;

export interface ResolvedChaosOptions {
  readonly mode: ChaosMode;
  readonly operations: number;
  readonly faultRate: number;
  readonly seed: number;
  readonly concurrency: number;
  readonly maxResends: number;
  readonly callerMistakeEvery: number;
  readonly services: readonly ServiceName[];
  readonly backoff: ChaosBackoff;
}

/** Fills the defaults; a bad value throws RangeError before anything runs. */
export function resolveChaosOptions(options: ChaosWorkloadOptions, allServices: readonly ServiceName[]): ResolvedChaosOptions {
  if (!(CHAOS_MODES as readonly string[]).includes(options.mode)) {
    throw new RangeError(`mode must be one of ${CHAOS_MODES.join(', ')}, got ${String(options.mode)}`);
  }
  const services = options.services ?? allServices;
  const unknown = services.filter((s) => !allServices.includes(s));
  if (services.length === 0 || unknown.length > 0) {
    throw new RangeError(`services must name some of ${allServices.join(', ')}; got ${JSON.stringify(services)}`);
  }
  const resolved: ResolvedChaosOptions = {
    mode: options.mode,
    operations: wholeNumber('operations', options.operations ?? DEFAULT_OPERATIONS, 1, MAX_OPERATIONS),
    faultRate: options.faultRate ?? DEFAULT_FAULT_RATE,
    seed: wholeNumber('seed', options.server?.seed ?? options.seed ?? DEFAULT_SEED, 0, SEED_LIMIT - 1),
    concurrency: wholeNumber('concurrency', options.concurrency ?? DEFAULT_CONCURRENCY, 1, MAX_CONCURRENCY),
    maxResends: wholeNumber('maxResends', options.maxResends ?? DEFAULT_MAX_RESENDS, 0, MAX_RESENDS_LIMIT),
    callerMistakeEvery: wholeNumber('callerMistakeEvery', options.callerMistakeEvery ?? DEFAULT_CALLER_MISTAKE_EVERY, 0, MAX_OPERATIONS),
    services: [...new Set(services)],
    backoff: options.backoff ?? WORKLOAD_BACKOFF,
  };
  if (!(Number.isFinite(resolved.faultRate) && resolved.faultRate >= 0 && resolved.faultRate <= 1)) {
    throw new RangeError(`faultRate must be in [0, 1], got ${resolved.faultRate}`);
  }
  if (options.server !== undefined && options.seed !== undefined && options.seed !== options.server.seed) {
    throw new RangeError(`seed ${options.seed} differs from the given server's seed ${options.server.seed}`);
  }
  return resolved;
}

function wholeNumber(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be a whole number from ${min} to ${max}, got ${value}`);
  }
  return value;
}
