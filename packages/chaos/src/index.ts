// @retrysafe/chaos: the exactly-once proof. Runs many logical operations
// through a seeded storm of faults against fake-aws and counts what the
// server really created. The whole public face.

export { runChaosWorkload } from './workload.js';
export {
  CHAOS_MODES,
  DEFAULT_CALLER_MISTAKE_EVERY,
  DEFAULT_CONCURRENCY,
  DEFAULT_FAULT_RATE,
  DEFAULT_MAX_RESENDS,
  DEFAULT_OPERATIONS,
  DEFAULT_SEED,
  WORKLOAD_BACKOFF,
  type ChaosBackoff,
  type ChaosMode,
  type ChaosProgress,
  type ChaosWorkloadOptions,
} from './options.js';
export type { ChaosRunResult, ChaosTally, LatencySummary, MismatchCount, ServiceTally } from './results.js';
export { CHANGED_REVISION, FIRST_REVISION, OPERATION_TAG, REVISION_TAG } from './logical-operation.js';
export { percentile } from './percentile.js';
// (section: demo) The `pnpm demo` run, also behind `retrysafe demo`.
export { runDemo, type DemoIo } from './run-demo.js';
