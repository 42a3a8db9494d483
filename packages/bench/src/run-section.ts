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
        isolate: settings.overheadIsolated ? { path: join(here, OVERHEAD_CHILD_SCRIPT), execArgv: ['--expose-gc'] } : undefined,
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
