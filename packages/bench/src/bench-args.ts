// Command-line flags of `pnpm bench`. Every size has a full default (the
// numbers the issue names) and a --quick default (a run of about a minute).

export const BENCHMARK_NAMES = ['overhead', 'chaos', 'memory', 'round-trips', 'fingerprint'] as const;
export type BenchmarkName = (typeof BENCHMARK_NAMES)[number];

export interface BenchSettings {
  readonly quick: boolean;
  readonly only: readonly BenchmarkName[];
  /** Overhead: sends per variant, split over `rounds`. */
  readonly overheadSends: number;
  readonly overheadRounds: number;
  /** Overhead: sends per variant before measuring (JIT warm-up). */
  readonly overheadWarmup: number;
  /** Overhead: only these variants (by id), for profiling one of them. Empty: all. */
  readonly overheadVariants: readonly string[];
  /** Overhead: each variant in a child process of its own (default), or all in this one (--in-process). */
  readonly overheadIsolated: boolean;
  /** Overhead: how many times to start the variants' processes afresh, the rounds split between them. */
  readonly overheadProcessSets: number;
  /** Chaos: logical operations per service and mode. */
  readonly chaosOperations: number;
  readonly chaosFaultRate: number;
  readonly memoryUnkeyedSends: number;
  readonly memoryKeyedSends: number;
  /** Memory: heap samples per run (after a full GC each). */
  readonly memorySamples: number;
  /** Round trips: keyed operations per store. */
  readonly roundTripOperations: number;
  /** Fingerprint micro: calls per candidate and input, split over rounds. */
  readonly fingerprintCalls: number;
  readonly fingerprintRounds: number;
  /** Where the JSON goes; default `<repo>/.bench-results/latest.json`. */
  readonly out: string | undefined;
}

interface SizeDefaults {
  readonly overheadSends: number;
  readonly overheadProcessSets: number;
  readonly overheadRounds: number;
  readonly overheadWarmup: number;
  readonly chaosOperations: number;
  readonly memoryUnkeyedSends: number;
  readonly memoryKeyedSends: number;
  readonly roundTripOperations: number;
  readonly fingerprintCalls: number;
  readonly fingerprintRounds: number;
}

const FULL: SizeDefaults = {
  overheadSends: 20_000,
  // Fresh processes eight times: how one process happens to be compiled and
  // laid out moved the unkeyed ratio by several percent from run to run, so
  // the verdict's interval comes from the sets (see RatioEstimate); eight
  // make it about a third as wide as four would (Student's t).
  overheadProcessSets: 8,
  // Short batches (50 sends), many rounds: the variants of one round run
  // within a second of each other, and the median of per-round ratios
  // shrugs off a burst of other work on a shared machine.
  overheadRounds: 400,
  overheadWarmup: 2_000,
  chaosOperations: 300,
  memoryUnkeyedSends: 1_000_000,
  memoryKeyedSends: 200_000,
  roundTripOperations: 200,
  fingerprintCalls: 200_000,
  fingerprintRounds: 10,
};

const QUICK: SizeDefaults = {
  overheadSends: 4_000,
  overheadProcessSets: 2,
  overheadRounds: 100,
  overheadWarmup: 1_000,
  chaosOperations: 60,
  memoryUnkeyedSends: 50_000,
  // Twice the memory store's default cap, so the cap is seen to hold.
  memoryKeyedSends: 20_000,
  roundTripOperations: 50,
  fingerprintCalls: 40_000,
  fingerprintRounds: 8,
};

const DEFAULT_FAULT_RATE = 0.4;
const DEFAULT_MEMORY_SAMPLES = 11;
const MAX_COUNT = 100_000_000;

export const BENCH_USAGE = `pnpm bench [-- flags]
  --quick                      small sizes (a few minutes; the full run takes about a quarter of an hour)
  --only=overhead,chaos,memory,round-trips,fingerprint
  --sends=N --rounds=N --warmup=N   overhead: sends per variant, interleaved rounds, warm-up sends
  --variants=bare,unkeyed,keyed-memory,keyed-memory-secret,keyed-sqlite,keyed-sqlite-normal
                               (also breakdown-stack,breakdown-copy: where the unkeyed cost goes; only when named)
  --in-process                 overhead: all variants in this process (default: one process each)
  --process-sets=N             overhead: start the variants' processes afresh N times, rounds split between them
  --chaos-operations=N --fault-rate=R
  --memory-unkeyed=N --memory-keyed=N --memory-samples=N
  --round-trip-operations=N
  --fingerprint-calls=N --fingerprint-rounds=N
  --out=FILE                   JSON results (default .bench-results/latest.json)`;

/** Parses argv (without node and the script). Throws with the usage on a bad flag. */
export function parseBenchArgs(argv: readonly string[]): BenchSettings {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    if (arg === '--') continue; // `pnpm bench -- --quick` may pass the separator along
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (match === null) throw new Error(`unknown argument ${arg}\n${BENCH_USAGE}`);
    flags.set(match[1] as string, match[2] ?? 'true');
  }
  const known = new Set([
    'quick', 'only', 'in-process', 'process-sets', 'sends', 'rounds', 'warmup', 'variants', 'chaos-operations', 'fault-rate', 'memory-unkeyed',
    'memory-keyed', 'memory-samples', 'round-trip-operations', 'fingerprint-calls', 'fingerprint-rounds', 'out', 'help',
  ]);
  for (const name of flags.keys()) {
    if (!known.has(name)) throw new Error(`unknown flag --${name}\n${BENCH_USAGE}`);
  }
  if (flags.has('help')) throw new Error(BENCH_USAGE);

  const quick = flags.get('quick') === 'true';
  const sizes = quick ? QUICK : FULL;
  const count = (name: string, fallback: number, min = 1): number => {
    const text = flags.get(name);
    if (text === undefined) return fallback;
    const value = Number(text.replaceAll('_', ''));
    if (!Number.isInteger(value) || value < min || value > MAX_COUNT) {
      throw new Error(`--${name} must be a whole number from ${min} to ${MAX_COUNT}, got ${text}`);
    }
    return value;
  };
  const list = (name: string): string[] =>
    (flags.get(name) ?? '').split(',').map((item) => item.trim()).filter((item) => item.length > 0);

  const only = list('only');
  const unknownBench = only.filter((name) => !(BENCHMARK_NAMES as readonly string[]).includes(name));
  if (unknownBench.length > 0) throw new Error(`--only: unknown benchmark ${unknownBench.join(', ')}\n${BENCH_USAGE}`);

  const faultRate = Number(flags.get('fault-rate') ?? DEFAULT_FAULT_RATE);
  if (!(faultRate >= 0 && faultRate <= 1)) throw new Error(`--fault-rate must be in [0, 1], got ${flags.get('fault-rate')}`);

  const overheadRounds = count('rounds', sizes.overheadRounds, 2);
  const fingerprintRounds = count('fingerprint-rounds', sizes.fingerprintRounds, 2);
  return {
    quick,
    only: only.length > 0 ? (only as BenchmarkName[]) : [...BENCHMARK_NAMES],
    overheadSends: Math.max(count('sends', sizes.overheadSends), overheadRounds),
    overheadRounds,
    overheadWarmup: count('warmup', sizes.overheadWarmup, 0),
    overheadVariants: list('variants'),
    overheadIsolated: flags.get('in-process') !== 'true',
    overheadProcessSets: count('process-sets', sizes.overheadProcessSets),
    chaosOperations: count('chaos-operations', sizes.chaosOperations),
    chaosFaultRate: faultRate,
    memoryUnkeyedSends: count('memory-unkeyed', sizes.memoryUnkeyedSends),
    memoryKeyedSends: count('memory-keyed', sizes.memoryKeyedSends),
    memorySamples: count('memory-samples', DEFAULT_MEMORY_SAMPLES, 3),
    roundTripOperations: count('round-trip-operations', sizes.roundTripOperations),
    fingerprintCalls: Math.max(count('fingerprint-calls', sizes.fingerprintCalls), fingerprintRounds),
    fingerprintRounds,
    out: flags.get('out'),
  };
}
