import { HTTP_INTERNAL_ERROR, HTTP_SERVICE_UNAVAILABLE, type ServerErrorStatus } from './endpoint.js';
import { SeededRandom } from './prng.js';
import type { ServiceName } from './services/service-name.js';

// Which request gets which fault. Every request the server routes draws
// exactly one number from the seeded generator, whatever the configuration
// and whether or not a scripted fault applies, so the same seed and the same
// request sequence give the same faults on every run.
//
//   error-before  500 InternalError or 503 ServiceUnavailable; nothing changed
//   error-after   the change is made, then a 500 InternalError
//   reset-after   the change is made, then the connection is destroyed: the lost response
//   throttle      the service's throttling error; nothing changed
//   latency       the request waits `latencyMs`, then runs normally
//   garbage       the change is made, then a 200 whose body cannot be parsed

/**
 * Every fault kind (see `FaultKind`), in the fixed order a configuration's
 * rates are laid out in: the same rates mean the same faults however their
 * keys were written.
 */
export const FAULT_KINDS = ['error-before', 'error-after', 'reset-after', 'throttle', 'latency', 'garbage'] as const;
/**
 * A fault the server can give a request: `error-before` (500 or 503, nothing
 * changed), `error-after` (the change is made, then a 500), `reset-after`
 * (the change is made, then the connection is destroyed: the lost response),
 * `throttle` (the service's throttling error, nothing changed), `latency`
 * (runs normally after `latencyMs`) or `garbage` (the change is made, then a
 * 200 whose body cannot be parsed).
 */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Random faults: which kinds, how often, and for which operations. A bad one throws `RangeError`. */
export interface FaultConfig {
  /** Probability per request of each kind, each in [0, 1]; together at most 1. */
  readonly rates?: Readonly<Partial<Record<FaultKind, number>>>;
  /** The delay a `latency` fault adds, in whole milliseconds from 0 to 60,000 (default 50). */
  readonly latencyMs?: number;
  /** Only requests for these operations get random faults (default: every operation). */
  readonly operations?: readonly string[];
}

/** Which requests a scripted fault applies to, and the status of a scripted `error-before`. */
export interface ScriptedFaultOptions {
  /** Only requests to this service (default: any). */
  readonly service?: ServiceName;
  /** Only requests for this operation, e.g. 'RunInstances' (default: any). */
  readonly operation?: string;
  /** For `error-before`: 500 (default) or 503. */
  readonly status?: ServerErrorStatus;
}

export interface FaultDecision {
  readonly kind: FaultKind;
  /** The status of an `error-before`; `error-after` is always 500. */
  readonly status: ServerErrorStatus;
  readonly scripted: boolean;
}

/** The delay, ms, a `latency` fault adds unless `FaultConfig.latencyMs` is set. */
export const DEFAULT_LATENCY_MS = 50;
const MAX_LATENCY_MS = 60_000;
const RATE_SUM_TOLERANCE = 1e-9;
const HALF = 0.5;

interface ScriptedFault {
  readonly kind: FaultKind;
  readonly options: ScriptedFaultOptions;
  remaining: number;
}

interface Bucket {
  readonly kind: FaultKind;
  readonly from: number;
  readonly to: number;
}

export class FaultPlan {
  private random: SeededRandom;
  private buckets: readonly Bucket[] = [];
  private operations: ReadonlySet<string> | undefined;
  private script: ScriptedFault[] = [];
  latencyMs = DEFAULT_LATENCY_MS;

  constructor(
    private readonly seed: number,
    config: FaultConfig = {},
  ) {
    this.random = new SeededRandom(seed);
    this.configure(config);
  }

  /** Replaces the random fault configuration; a bad one throws RangeError and changes nothing. */
  configure(config: FaultConfig): void {
    const buckets = toBuckets(config.rates ?? {});
    const latencyMs = config.latencyMs ?? DEFAULT_LATENCY_MS;
    if (!Number.isInteger(latencyMs) || latencyMs < 0 || latencyMs > MAX_LATENCY_MS) {
      throw new RangeError(`latencyMs must be a whole number of milliseconds from 0 to ${MAX_LATENCY_MS}, got ${latencyMs}`);
    }
    this.buckets = buckets;
    this.latencyMs = latencyMs;
    this.operations = config.operations === undefined ? undefined : new Set(config.operations);
  }

  /** Queues `kind` for the next `count` matching requests, ahead of any random fault. */
  injectNext(kind: FaultKind, count = 1, options: ScriptedFaultOptions = {}): void {
    checkKind(kind);
    if (!Number.isInteger(count) || count < 1) {
      throw new RangeError(`count must be a whole number of at least 1, got ${count}`);
    }
    if (options.status !== undefined && options.status !== HTTP_INTERNAL_ERROR && options.status !== HTTP_SERVICE_UNAVAILABLE) {
      throw new RangeError(`status must be ${HTTP_INTERNAL_ERROR} or ${HTTP_SERVICE_UNAVAILABLE}, got ${String(options.status)}`);
    }
    this.script.push({ kind, options, remaining: count });
  }

  /**
   * The one number a request draws. The server draws it as the request arrives,
   * so the sequence follows arrival order, before the body is read.
   */
  draw(): number {
    return this.random.next();
  }

  /** The fault for one request given its draw, or undefined for none. */
  decide(draw: number, service: ServiceName, operation: string): FaultDecision | undefined {
    const scripted = this.takeScripted(service, operation);
    if (scripted !== undefined) {
      return { kind: scripted.kind, status: scripted.options.status ?? HTTP_INTERNAL_ERROR, scripted: true };
    }
    if (this.operations !== undefined && !this.operations.has(operation)) return undefined;
    const bucket = this.buckets.find((b) => draw >= b.from && draw < b.to);
    if (bucket === undefined) return undefined;
    // Where the draw falls inside its bucket picks the status, so no second draw is needed.
    const position = (draw - bucket.from) / (bucket.to - bucket.from);
    return { kind: bucket.kind, status: position < HALF ? HTTP_INTERNAL_ERROR : HTTP_SERVICE_UNAVAILABLE, scripted: false };
  }

  /** Forgets scripted faults and restarts the generator from the seed; the configuration stays. */
  reset(): void {
    this.random = new SeededRandom(this.seed);
    this.script = [];
  }

  private takeScripted(service: ServiceName, operation: string): ScriptedFault | undefined {
    const entry = this.script.find(
      (s) =>
        (s.options.service === undefined || s.options.service === service) &&
        (s.options.operation === undefined || s.options.operation === operation),
    );
    if (entry === undefined) return undefined;
    entry.remaining -= 1;
    if (entry.remaining === 0) this.script = this.script.filter((s) => s !== entry);
    return entry;
  }
}

/** A configuration with total probability `rate` shared equally by `kinds`. */
export function spreadFaultRate(rate: number, kinds: readonly FaultKind[] = FAULT_KINDS, latencyMs?: number): FaultConfig {
  if (!Number.isFinite(rate) || rate < 0 || rate > 1) throw new RangeError(`fault rate must be in [0, 1], got ${rate}`);
  if (kinds.length === 0) throw new RangeError('at least one fault kind is needed');
  kinds.forEach(checkKind);
  const each = rate / kinds.length;
  const rates: Partial<Record<FaultKind, number>> = {};
  for (const kind of kinds) rates[kind] = each;
  return latencyMs === undefined ? { rates } : { rates, latencyMs };
}

/** Whether `value` names a fault kind (one of `FAULT_KINDS`). */
export function isFaultKind(value: string): value is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(value);
}

function checkKind(kind: string): void {
  if (!isFaultKind(kind)) throw new RangeError(`unknown fault kind ${JSON.stringify(kind)}; known: ${FAULT_KINDS.join(', ')}`);
}

function toBuckets(rates: Readonly<Partial<Record<string, number>>>): Bucket[] {
  const buckets: Bucket[] = [];
  let from = 0;
  // Fixed kind order, so a configuration means the same thing however its keys were written.
  for (const key of Object.keys(rates)) checkKind(key);
  for (const kind of FAULT_KINDS) {
    const rate = rates[kind] ?? 0;
    if (!Number.isFinite(rate) || rate < 0 || rate > 1) {
      throw new RangeError(`rate of ${kind} must be in [0, 1], got ${rate}`);
    }
    if (rate > 0) {
      buckets.push({ kind, from, to: from + rate });
      from += rate;
    }
  }
  if (from > 1 + RATE_SUM_TOLERANCE) throw new RangeError(`fault rates add up to ${from}, more than 1`);
  return buckets;
}
