import { realisticRunInstancesInput } from '../fixtures/run-instances-input.js';
import { measureInterleaved, ratioToBaseline, type Clock, type Contender, type ContenderResult } from '../interleaved.js';
import { isolatedContender, type IsolatedContender, type VariantProcessEntry } from '../overhead/isolated-contender.js';
import { OVERHEAD_VARIANTS, openVariant, type OpenVariant, type VariantSpec } from '../overhead/variants.js';
import type { Spread } from '../report/stats.js';

export { KEYED_MEMORY_TARGET_RATIO, OVERHEAD_VARIANTS, UNKEYED_TARGET_RATIO } from '../overhead/variants.js';

export interface OverheadOptions {
  readonly sends: number;
  readonly rounds: number;
  readonly warmup: number;
  /** Variant ids to run; empty: all. 'bare' always runs (the baseline). */
  readonly variants: readonly string[];
  /**
   * Run each variant in a child process of its own (started from this entry),
   * so one variant's side effects on the runtime (the plugin's
   * AsyncLocalStorage turns on promise hooks for the whole process) cannot
   * slow another. Undefined: all in this process.
   */
  readonly isolate?: VariantProcessEntry;
  readonly onRound?: (round: number, rounds: number) => void;
}

/** One variant's cost on one clock. */
export interface ClockResult {
  /** Microseconds per send, over the rounds. */
  readonly usPerSend: Spread;
  /** Per-round ratio to the bare client in the same round. */
  readonly ratioToBare: Spread;
  /** Median microseconds per send above the bare client. */
  readonly addedUsPerSend: number;
}

export interface OverheadVariantResult {
  readonly id: string;
  readonly label: string;
  /** CPU time of this process per send: the verdict's measure (steady on a shared machine). */
  readonly cpu: ClockResult;
  /** Wall-clock time per send. */
  readonly wall: ClockResult;
  readonly targetRatio: number | undefined;
  /** Whether the median CPU ratio meets the target (undefined: no target). */
  readonly targetMet: boolean | undefined;
}

export interface OverheadResult {
  /** Whether each variant ran in a process of its own. */
  readonly isolated: boolean;
  readonly sendsPerVariant: number;
  readonly rounds: number;
  readonly warmupSends: number;
  readonly inputMembers: number;
  readonly variants: readonly OverheadVariantResult[];
}

const NS_PER_US = 1_000;

/** Contenders that send in this process. */
async function inProcessContenders(specs: readonly VariantSpec[]): Promise<{ contenders: Contender[]; close: () => Promise<void> }> {
  const open: OpenVariant[] = [];
  const close = async (): Promise<void> => {
    for (const variant of open) await variant.close();
  };
  try {
    for (const spec of specs) open.push(await openVariant(spec));
  } catch (error) {
    await close();
    throw error;
  }
  return {
    contenders: open.map((variant) => ({ id: variant.spec.id, run: (count) => variant.send(count) })),
    close: async () => {
      for (const variant of open) variant.checkOneRequestPerSend();
      await close();
    },
  };
}

/** Contenders that each send in a child process of their own (which checks its request count on close). */
async function isolatedContenders(
  specs: readonly VariantSpec[],
  entry: VariantProcessEntry,
): Promise<{ contenders: Contender[]; close: () => Promise<void> }> {
  const open: IsolatedContender[] = [];
  const close = async (): Promise<void> => {
    const results = await Promise.allSettled(open.map((contender) => contender.close()));
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  };
  try {
    for (const spec of specs) open.push(await isolatedContender(spec.id, entry));
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  return { contenders: open, close };
}

/**
 * Per-send cost of RunInstances through a real EC2Client (serialize, sign,
 * parse a real response) on an in-process handler: bare against the plugin
 * unkeyed and keyed (memory and SQLite stores), measured in one run in
 * interleaved rounds.
 */
export async function runOverhead(options: OverheadOptions): Promise<OverheadResult> {
  const unknown = options.variants.filter((id) => !OVERHEAD_VARIANTS.some((spec) => spec.id === id));
  if (unknown.length > 0) throw new Error(`unknown overhead variant ${unknown.join(', ')}`);
  const wanted = options.variants.length === 0 ? undefined : new Set(['bare', ...options.variants]);
  const specs = OVERHEAD_VARIANTS.filter((spec) => wanted === undefined || wanted.has(spec.id));

  const { contenders, close } =
    options.isolate === undefined ? await inProcessContenders(specs) : await isolatedContenders(specs, options.isolate);
  let results: ContenderResult[];
  try {
    results = await measureInterleaved(contenders, {
      total: options.sends,
      rounds: options.rounds,
      warmup: options.warmup,
      onRound: (round) => options.onRound?.(round, options.rounds),
    });
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  await close();

  const bare = results.find((result) => result.id === 'bare');
  if (bare === undefined) throw new Error('the bare baseline did not run');
  return {
    isolated: options.isolate !== undefined,
    sendsPerVariant: options.sends,
    rounds: options.rounds,
    warmupSends: options.warmup,
    inputMembers: Object.keys(realisticRunInstancesInput()).length,
    variants: results.map((result, index) => {
      const spec = specs[index] as VariantSpec;
      const cpu = clockResult(result, bare, 'cpu');
      return {
        id: spec.id,
        label: spec.label,
        cpu,
        wall: clockResult(result, bare, 'wall'),
        targetRatio: spec.targetRatio,
        targetMet: spec.targetRatio === undefined ? undefined : cpu.ratioToBare.median <= spec.targetRatio,
      };
    }),
  };
}

function clockResult(result: ContenderResult, bare: ContenderResult, clock: Clock): ClockResult {
  const ns = clock === 'cpu' ? result.cpuNs : result.wallNs;
  const bareNs = clock === 'cpu' ? bare.cpuNs : bare.wallNs;
  return {
    usPerSend: scale(ns, 1 / NS_PER_US),
    ratioToBare: ratioToBaseline(result, bare, clock),
    addedUsPerSend: (ns.median - bareNs.median) / NS_PER_US,
  };
}

function scale(summary: Spread, factor: number): Spread {
  return {
    median: summary.median * factor,
    q1: summary.q1 * factor,
    q3: summary.q3 * factor,
    min: summary.min * factor,
    max: summary.max * factor,
    samples: summary.samples,
  };
}
