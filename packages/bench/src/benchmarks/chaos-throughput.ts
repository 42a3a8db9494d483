import { CHAOS_MODES, runChaosWorkload, type ChaosMode, type ChaosRunResult, type ChaosTally } from '@retrysafe/chaos';

export interface ChaosThroughputOptions {
  /** Logical operations per service and mode. */
  readonly operations: number;
  readonly faultRate: number;
  readonly onProgress?: (mode: ChaosMode, done: number, total: number) => void;
}

/** One mode's run: the workload's own counts (see ChaosTally) and the rates derived from them. */
export interface ChaosModeThroughput
  extends Pick<ChaosTally, 'logicalOperations' | 'duplicates' | 'withoutResource' | 'failedOperations' | 'failedButCreated' | 'latencyMs'> {
  readonly mode: ChaosMode;
  readonly wallSeconds: number;
  /** Logical operations settled per second of wall time (all services, in flight together). */
  readonly operationsPerSecond: number;
  /** HTTP requests the server received for create operations, per logical operation. */
  readonly attemptsPerOperation: number;
  readonly faultsInjected: number;
}

export interface ChaosThroughputResult {
  readonly faultRate: number;
  readonly operationsPerService: number;
  readonly services: readonly string[];
  readonly concurrency: number;
  readonly modes: readonly ChaosModeThroughput[];
}

/**
 * The chaos workload (packages/chaos) against fake-aws at the given fault
 * rate, once per mode: bare SDK clients, the plugin (resending the same
 * command), and the plugin keyed with a fresh client after every failure.
 * Callers never change parameters here (no deliberate mistakes), so every
 * duplicate is a real one.
 */
export async function runChaosThroughput(options: ChaosThroughputOptions): Promise<ChaosThroughputResult> {
  const runs: ChaosRunResult[] = [];
  for (const mode of CHAOS_MODES) {
    runs.push(
      await runChaosWorkload({
        mode,
        operations: options.operations,
        faultRate: options.faultRate,
        callerMistakeEvery: 0,
        onProgress: (progress) => options.onProgress?.(mode, progress.done, progress.total),
      }),
    );
  }
  const first = runs[0];
  return {
    faultRate: options.faultRate,
    operationsPerService: options.operations,
    services: first?.services.map((service) => service.service) ?? [],
    concurrency: first?.concurrency ?? 0,
    modes: runs.map((run) => {
      const total = run.total;
      const seconds = run.wallTimeMs / 1000;
      return {
        mode: run.mode,
        logicalOperations: total.logicalOperations,
        wallSeconds: seconds,
        operationsPerSecond: total.logicalOperations / seconds,
        attemptsPerOperation: total.httpAttempts / total.logicalOperations,
        duplicates: total.duplicates,
        withoutResource: total.withoutResource,
        failedOperations: total.failedOperations,
        failedButCreated: total.failedButCreated,
        latencyMs: total.latencyMs,
        faultsInjected: Object.values(run.faultsInjected).reduce((sum, count) => sum + count, 0),
      };
    }),
  };
}
