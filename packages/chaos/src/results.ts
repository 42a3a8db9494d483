import type { FaultKind, ServiceName } from '@retrysafe/fake-aws';
import type { ChaosBackoff, ChaosMode } from './options.js';

// What a chaos run reports, per service and summed.

/** Idempotency mismatches that ended a send, by what caused them. */
export interface MismatchCount {
  /** Caught on the caller's own mistaken resend with changed parameters: the plugin doing its job. */
  readonly callerCaused: number;
  /** Caught on a plain resend of unchanged parameters: must be zero, or something is broken. */
  readonly other: number;
}

/** Nearest-rank percentiles of latencies, ms (0 when there were none). */
export interface LatencySummary {
  readonly p50: number;
  readonly p99: number;
}

/**
 * What a run did, for one service or all together, counted from what the
 * callers saw and what the server holds afterwards.
 */
export interface ChaosTally {
  /** Logical operations (intents) run. */
  readonly logicalOperations: number;
  /** HTTP requests the server received for the create operation (every attempt, every resend). */
  readonly httpAttempts: number;
  /** Resources the server holds for the service after the run. */
  readonly resourcesCreated: number;
  /** Logical operations that own exactly one resource. */
  readonly exactlyOnce: number;
  /** Resources beyond one per logical operation. */
  readonly duplicates: number;
  /** Of those, the ones the callers' mistaken resends with changed parameters created. */
  readonly duplicatesFromChangedResends: number;
  /** Logical operations that own no resource. */
  readonly withoutResource: number;
  /** Resources no logical operation of the run claims (should be none). */
  readonly unattributed: number;
  /** Logical operations whose intent ended in an error (after every resend). */
  readonly failedOperations: number;
  /** Of those, the ones whose resource exists all the same: the caller was told "failed" about a success. */
  readonly failedButCreated: number;
  /** Mistaken resends with changed parameters the callers made. */
  readonly callerMistakes: number;
  /** Idempotency mismatches that ended a send. */
  readonly mismatches: MismatchCount;
  /** The errors that ended logical operations (intent or mistaken resend), by name. */
  readonly finalErrors: Readonly<Record<string, number>>;
  /** Wall time of each logical operation's intent, first send to settled, in ms. */
  readonly latencyMs: LatencySummary;
}

/** The tally of one service. */
export interface ServiceTally extends ChaosTally {
  readonly service: ServiceName;
  /** The create operation the service's callers send ('RunInstances', 'CreateStack', 'CreateResourceShare'). */
  readonly operation: string;
}

/** What `runChaosWorkload` reports: the settings it ran with (defaults filled in) and the tallies. */
export interface ChaosRunResult {
  readonly mode: ChaosMode;
  /** The server's seed. */
  readonly seed: number;
  readonly faultRate: number;
  readonly concurrency: number;
  /** `operations`, per service. */
  readonly operationsPerService: number;
  readonly maxResends: number;
  readonly callerMistakeEvery: number;
  /** The plugin's backoff; undefined for bare clients (the SDK's defaults). */
  readonly backoff: ChaosBackoff | undefined;
  /** From the first send to the last logical operation settled, ms. */
  readonly wallTimeMs: number;
  /** Faults the server injected, by kind. */
  readonly faultsInjected: Readonly<Record<FaultKind, number>>;
  /** One tally per service driven, in the order of `services`. */
  readonly services: readonly ServiceTally[];
  /** The services' tallies summed; its latency percentiles are over every operation of every service. */
  readonly total: ChaosTally;
}
