import type { FaultKind, ServiceName } from '@retrysafe/fake-aws';
import type { ChaosBackoff, ChaosMode } from './options.js';

// What a chaos run reports, per service and summed.

export interface MismatchCount {
  /** Caught on the caller's own mistaken resend with changed parameters: the plugin doing its job. */
  readonly callerCaused: number;
  /** Caught on a plain resend of unchanged parameters: must be zero, or something is broken. */
  readonly other: number;
}

export interface LatencySummary {
  readonly p50: number;
  readonly p99: number;
}

export interface ChaosTally {
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
  readonly mismatches: MismatchCount;
  /** The errors that ended logical operations (intent or mistaken resend), by name. */
  readonly finalErrors: Readonly<Record<string, number>>;
  /** Wall time of each logical operation's intent, first send to settled, in ms. */
  readonly latencyMs: LatencySummary;
}

export interface ServiceTally extends ChaosTally {
  readonly service: ServiceName;
  readonly operation: string;
}

export interface ChaosRunResult {
  readonly mode: ChaosMode;
  readonly seed: number;
  readonly faultRate: number;
  readonly concurrency: number;
  readonly operationsPerService: number;
  readonly maxResends: number;
  readonly callerMistakeEvery: number;
  /** The plugin's backoff; undefined for bare clients (the SDK's defaults). */
  readonly backoff: ChaosBackoff | undefined;
  readonly wallTimeMs: number;
  /** Faults the server injected, by kind. */
  readonly faultsInjected: Readonly<Record<FaultKind, number>>;
  readonly services: readonly ServiceTally[];
  readonly total: ChaosTally;
}
