import { dirname, join } from 'node:path';
import type { BenchmarkName, BenchSettings } from './bench-args.js';
import { runChaosThroughput } from './benchmarks/chaos-throughput.js';
import { runFingerprintMicro } from './benchmarks/fingerprint-micro.js';
import { runMemoryBench } from './benchmarks/memory.js';
import { runOverhead } from './benchmarks/overhead.js';
import { runStoreRoundTrips } from './benchmarks/store-round-trips.js';
import { chaosSection, fingerprintSection, memorySection, overheadSection, roundTripsSection } from './report/sections.js';

/** Progress lines per long phase. */
const PROGRESS_STEPS = 10;
/** The overhead variant process's script, built beside the running one. */
const OVERHEAD_CHILD_SCRIPT = 'overhead-child.js';

/**
 * The variant processes' young generation, fixed at V8's default maximum
 * (MB). Left to grow on its own, it grew differently in each process, and
 * one variant's ratio to bare moved by up to ±15% from process set to
 * process set; fixed, the same build's sets agree within a few percent and
 * the per-round spread fell from about ±25% to ±8%.
 */
export const FIXED_YOUNG_GENERATION = ['--min-semi-space-size=16', '--max-semi-space-size=16'] as const;

/** One benchmark's numbers (for the JSON) and its table (for the terminal). */
export interface SectionOutcome {
  /** Key in the results JSON. */
  readonly key: string;
  readonly result: unknown;
  readonly table: string;
}

export type Progress = (text: string) => void;

/** Runs one benchmark in this process. */
export async function runSection(name: BenchmarkName, settings: BenchSettings, progress: Progress): Promise<SectionOutcome> {
  switch (name) {
    case 'overhead': {
      const here = dirname(process.argv[1] ?? '.');
      const result = await runOverhead({
        sends: settings.overheadSends,
        rounds: settings.overheadRounds,
        warmup: settings.overheadWarmup,
        variants: settings.overheadVariants,
        isolate: settings.overheadIsolated
          ? { path: join(here, OVERHEAD_CHILD_SCRIPT), execArgv: ['--expose-gc', ...FIXED_YOUNG_GENERATION] }
          : undefined,
        processSets: settings.overheadProcessSets,
        onRound: (round, rounds) => {
          if (round % Math.ceil(rounds / PROGRESS_STEPS) === 0) progress(`overhead round ${round}/${rounds}`);
        },
      });
      return { key: 'overhead', result, table: overheadSection(result) };
    }
    case 'chaos': {
      const result = await runChaosThroughput({
        operations: settings.chaosOperations,
        faultRate: settings.chaosFaultRate,
        onProgress: (mode, done, total) => {
          if (done === total) progress(`chaos ${mode}: ${done}/${total}`);
        },
      });
      return { key: 'chaos', result, table: chaosSection(result) };
    }
    case 'memory': {
      const result = await runMemoryBench({
        unkeyedSends: settings.memoryUnkeyedSends,
        keyedSends: settings.memoryKeyedSends,
        samples: settings.memorySamples,
        onProgress: (kind, done, total) => progress(`memory ${kind}: ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`),
      });
      return { key: 'memory', result, table: memorySection(result) };
    }
    case 'round-trips': {
      const result = await runStoreRoundTrips({ operations: settings.roundTripOperations });
      return { key: 'roundTrips', result, table: roundTripsSection(result) };
    }
    case 'fingerprint': {
      const result = await runFingerprintMicro({ calls: settings.fingerprintCalls, rounds: settings.fingerprintRounds });
      return { key: 'fingerprint', result, table: fingerprintSection(result) };
    }
  }
}
