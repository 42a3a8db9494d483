import type { AnyResource, ServiceName } from '@retrysafe/fake-aws';
import { errorName, isMismatchError } from './caller-errors.js';
import type { OperationOutcome } from './callers.js';
import { CHANGED_REVISION, OPERATION_TAG, REVISION_TAG, type LogicalOperation } from './logical-operation.js';
import { percentile } from './percentile.js';
import type { ChaosTally, LatencySummary, ServiceTally } from './results.js';

// Turns what the callers saw and what the server holds into the run's numbers.

export interface SettledOperation {
  readonly operation: LogicalOperation;
  readonly outcome: OperationOutcome;
  readonly latencyMs: number;
}

const P50 = 0.5;
const P99 = 0.99;

export interface ServiceEvidence {
  readonly service: ServiceName;
  readonly operation: string;
  readonly settled: readonly SettledOperation[];
  readonly httpAttempts: number;
  readonly resources: readonly AnyResource[];
}

export function tallyService(evidence: ServiceEvidence): ServiceTally {
  const { settled, resources } = evidence;
  const owned = new Map<string, number>(settled.map((s) => [s.operation.id, 0]));
  let unattributed = 0;
  let fromChangedResends = 0;
  for (const resource of resources) {
    const owner = resource.tags[OPERATION_TAG];
    const count = owner === undefined ? undefined : owned.get(owner);
    if (owner === undefined || count === undefined) {
      unattributed += 1;
      continue;
    }
    owned.set(owner, count + 1);
    // Only a send after the intent succeeded carries the changed revision, so such a resource is always an extra one.
    if (resource.tags[REVISION_TAG] === String(CHANGED_REVISION)) fromChangedResends += 1;
  }
  const counts = [...owned.values()];
  const finalErrors: Record<string, number> = {};
  let failedOperations = 0;
  let failedButCreated = 0;
  let callerMistakes = 0;
  let callerCaused = 0;
  let other = 0;
  for (const { operation, outcome } of settled) {
    const { primary, mistake } = outcome;
    if (!primary.ok) {
      failedOperations += 1;
      if ((owned.get(operation.id) ?? 0) > 0) failedButCreated += 1;
      count(finalErrors, errorName(primary.error));
      if (isMismatchError(primary.error)) other += 1;
    }
    if (mistake !== undefined) {
      callerMistakes += 1;
      if (!mistake.ok) {
        count(finalErrors, errorName(mistake.error));
        if (isMismatchError(mistake.error)) callerCaused += 1;
      }
    }
  }
  return {
    service: evidence.service,
    operation: evidence.operation,
    logicalOperations: settled.length,
    httpAttempts: evidence.httpAttempts,
    resourcesCreated: resources.length,
    exactlyOnce: counts.filter((c) => c === 1).length,
    duplicates: counts.reduce((sum, c) => sum + Math.max(0, c - 1), 0),
    duplicatesFromChangedResends: fromChangedResends,
    withoutResource: counts.filter((c) => c === 0).length,
    unattributed,
    failedOperations,
    failedButCreated,
    callerMistakes,
    mismatches: { callerCaused, other },
    finalErrors,
    latencyMs: latencySummary(settled.map((s) => s.latencyMs)),
  };
}

/** Sums the services' tallies; latency percentiles are over every operation of every service. */
export function tallyTotal(services: readonly ServiceTally[], latencies: readonly number[]): ChaosTally {
  const sum = (pick: (t: ChaosTally) => number): number => services.reduce((total, t) => total + pick(t), 0);
  const finalErrors: Record<string, number> = {};
  for (const tally of services) {
    for (const [name, n] of Object.entries(tally.finalErrors)) count(finalErrors, name, n);
  }
  return {
    logicalOperations: sum((t) => t.logicalOperations),
    httpAttempts: sum((t) => t.httpAttempts),
    resourcesCreated: sum((t) => t.resourcesCreated),
    exactlyOnce: sum((t) => t.exactlyOnce),
    duplicates: sum((t) => t.duplicates),
    duplicatesFromChangedResends: sum((t) => t.duplicatesFromChangedResends),
    withoutResource: sum((t) => t.withoutResource),
    unattributed: sum((t) => t.unattributed),
    failedOperations: sum((t) => t.failedOperations),
    failedButCreated: sum((t) => t.failedButCreated),
    callerMistakes: sum((t) => t.callerMistakes),
    mismatches: { callerCaused: sum((t) => t.mismatches.callerCaused), other: sum((t) => t.mismatches.other) },
    finalErrors,
    latencyMs: latencySummary(latencies),
  };
}

function latencySummary(values: readonly number[]): LatencySummary {
  return { p50: percentile(values, P50), p99: percentile(values, P99) };
}

function count(counts: Record<string, number>, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}
