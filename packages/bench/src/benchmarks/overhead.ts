import { realisticRunInstancesInput } from '../fixtures/run-instances-input.js';
import { measureInterleaved, ratioToBaseline, type Clock, type Contender, type ContenderResult } from '../interleaved.js';
import { isolatedContender, type IsolatedContender, type VariantProcessEntry } from '../overhead/isolated-contender.js';
import { DEFAULT_OVERHEAD_VARIANTS, OVERHEAD_VARIANTS, openVariant, type OpenVariant, type VariantGroup, type VariantSpec } from '../overhead/variants.js';
import { meanInterval, spread, type Spread } from '../report/stats.js';

export { DEFAULT_OVERHEAD_VARIANTS, KEYED_MEMORY_TARGET_RATIO, OVERHEAD_VARIANTS, UNKEYED_TARGET_RATIO } from '../overhead/variants.js';

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
  /**
   * How many times the measurement starts afresh (new variant processes
   * when isolated), the rounds and sends split between them. Default 1.
   */
  readonly processSets?: number;
}

/**
 * The ratio to bare with its 95% interval, the verdict's basis. Rounds of
 * one process share that process's luck with the JIT and the heap (a lasting
 * bias, seen as runs of one build disagreeing by ±5%), so they are not
 * independent: an interval from hundreds of rounds is far too narrow. With
 * several process sets the interval comes from the sets instead: each set's
 * median ratio is one measurement (Student's t over them).
 */
export interface RatioEstimate {
  /** The mean of the sets' median ratios; with one set, the median of its rounds. */
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
  /** 'process sets' when several sets were run; 'rounds' (too narrow, see above) with one. */
  readonly basis: 'process sets' | 'rounds';
  /** Each set's median per-round ratio, in the order run. */
  readonly bySet: readonly number[];
}

/** One variant's cost on one clock. */
export interface ClockResult {
  /** Microseconds per send, over the rounds. */
  readonly usPerSend: Spread;
  /** Per-round ratio to the bare client in the same round. */
  readonly ratioToBare: Spread;
  /** The ratio the verdict reads, with its interval. */
  readonly ratio: RatioEstimate;
  /** Median microseconds per send above the bare client. */
  readonly addedUsPerSend: number;
}

export interface OverheadVariantResult {
  readonly id: string;
  readonly label: string;
  /** The interleaved run it was measured in; its ratios are to that run's bare client. */
  readonly group: VariantGroup;
  /** Median CPU µs per send of the bare client in that run. */
  readonly baselineCpuUsPerSend: number;
  /** CPU time of this process per send: the verdict's measure (steady on a shared machine). */
  readonly cpu: ClockResult;
  /** Wall-clock time per send. */
  readonly wall: ClockResult;
  readonly targetRatio: number | undefined;
  /** Whether the estimated CPU ratio meets the target (undefined: no target). */
  readonly targetMet: boolean | undefined;
  /**
   * The verdict with the noise taken into account: 'met' when the ratio's
   * 95% interval is at or below the target, 'missed' when it is all above,
   * 'within noise' when it straddles the target (undefined: no target).
   */
  readonly targetVerdict: TargetVerdict | undefined;
}

export type TargetVerdict = 'met' | 'missed' | 'within noise';

/** Where the interval [low, high] of a ratio stands against a target. */
export function targetVerdict(ratio: { readonly low: number; readonly high: number }, target: number): TargetVerdict {
  if (ratio.high <= target) return 'met';
  if (ratio.low > target) return 'missed';
  return 'within noise';
}

export interface OverheadResult {
  /** Whether each variant ran in a process of its own. */
  readonly isolated: boolean;
  /** How many times the measurement started afresh (see `OverheadOptions.processSets`). */
  readonly processSets: number;
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
      for (const variant of open) variant.checkSends();
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
 * unkeyed and keyed (memory and SQLite stores), measured in interleaved
 * rounds: the in-memory variants in one run, the durable-store ones in
 * another, each beside a bare client (see `VariantGroup`).
 */
export async function runOverhead(options: OverheadOptions): Promise<OverheadResult> {
  const unknown = options.variants.filter((id) => !OVERHEAD_VARIANTS.some((spec) => spec.id === id));
  if (unknown.length > 0) {
    throw new Error(`unknown overhead variant ${unknown.join(', ')} (known: ${OVERHEAD_VARIANTS.map((spec) => spec.id).join(', ')})`);
  }
  const wanted = options.variants.length === 0 ? undefined : new Set(['bare', ...options.variants]);
  const specs = wanted === undefined ? DEFAULT_OVERHEAD_VARIANTS : OVERHEAD_VARIANTS.filter((spec) => wanted.has(spec.id));

  const sets = Math.max(1, Math.min(options.processSets ?? 1, options.rounds));
  const groups = measurementGroups(specs);
  const roundsPerSet = Math.ceil(options.rounds / sets);
  const sendsPerSet = Math.ceil(options.sends / sets);
  /** Per group and variant, each set's result, in order (so a variant's sets stay aligned with its bare's). */
  const bySet = groups.map((group) => new Map(group.ids.map((id) => [id, [] as ContenderResult[]])));
  let roundsDone = 0;
  for (let set = 0; set < sets; set++) {
    // Fresh processes for every set: one process's luck with the JIT or the
    // heap (a lasting bias, not noise) then cannot decide the verdict alone.
    const { contenders, close } =
      options.isolate === undefined ? await inProcessContenders(specs) : await isolatedContenders(specs, options.isolate);
    try {
      for (const [index, group] of groups.entries()) {
        const members = group.ids.map((id) => contenders[specs.findIndex((spec) => spec.id === id)] as Contender);
        const results = await measureInterleaved(members, {
          total: sendsPerSet,
          rounds: roundsPerSet,
          warmup: options.warmup,
          onRound: (round) => options.onRound?.(roundsDone + round, roundsPerSet * sets * groups.length),
        });
        roundsDone += roundsPerSet;
        for (const result of results) bySet[index]?.get(result.id)?.push(result);
      }
    } catch (error) {
      await close().catch(() => undefined);
      throw error;
    }
    await close();
  }

  const measured = new Map<string, MeasuredVariant>();
  for (const [index, group] of groups.entries()) {
    const byId = bySet[index] as Map<string, ContenderResult[]>;
    const bareSets = byId.get('bare') ?? [];
    const bare = poolRounds(bareSets);
    for (const id of group.ids) {
      const sets = byId.get(id) ?? [];
      // bare's own row comes from the first run it was in.
      if (!measured.has(id)) measured.set(id, { result: poolRounds(sets), sets, bare, bareSets, group: group.group });
    }
  }

  return {
    isolated: options.isolate !== undefined,
    processSets: sets,
    sendsPerVariant: sendsPerSet * sets,
    rounds: roundsPerSet * sets,
    warmupSends: options.warmup,
    inputMembers: Object.keys(realisticRunInstancesInput()).length,
    variants: specs.map((spec) => {
      const entry = measured.get(spec.id);
      if (entry === undefined) throw new Error(`overhead variant ${spec.id} was not measured`);
      const cpu = clockResult(entry, 'cpu');
      return {
        id: spec.id,
        label: spec.label,
        group: entry.group,
        baselineCpuUsPerSend: entry.bare.cpuNs.median / NS_PER_US,
        cpu,
        wall: clockResult(entry, 'wall'),
        targetRatio: spec.targetRatio,
        targetMet: spec.targetRatio === undefined ? undefined : cpu.ratio.estimate <= spec.targetRatio,
        targetVerdict: spec.targetRatio === undefined ? undefined : targetVerdict(cpu.ratio, spec.targetRatio),
      };
    }),
  };
}

/**
 * The interleaved runs: one per variant group that has a variant besides
 * bare, bare first in each (the baseline); at least one run, so bare alone
 * is still measured.
 */
export function measurementGroups(specs: readonly VariantSpec[]): { group: VariantGroup; ids: string[] }[] {
  const groups: { group: VariantGroup; ids: string[] }[] = [];
  for (const spec of specs) {
    if (spec.id === 'bare') continue;
    const found = groups.find((candidate) => candidate.group === spec.group);
    if (found === undefined) groups.push({ group: spec.group, ids: ['bare', spec.id] });
    else found.ids.push(spec.id);
  }
  return groups.length > 0 ? groups : [{ group: 'in-memory', ids: ['bare'] }];
}

/** One contender's rounds from several sets, as one result. */
function poolRounds(results: readonly ContenderResult[]): ContenderResult {
  const first = results[0];
  if (first === undefined) throw new Error('an overhead variant has no measured rounds');
  const wallNsByRound = results.flatMap((result) => result.wallNsByRound);
  const cpuNsByRound = results.flatMap((result) => result.cpuNsByRound);
  return { id: first.id, wallNsByRound, cpuNsByRound, wallNs: spread(wallNsByRound), cpuNs: spread(cpuNsByRound) };
}

/** A variant's rounds, pooled and per process set, beside its run's bare client's. */
interface MeasuredVariant {
  readonly result: ContenderResult;
  readonly sets: readonly ContenderResult[];
  readonly bare: ContenderResult;
  readonly bareSets: readonly ContenderResult[];
  readonly group: VariantGroup;
}

function clockResult({ result, sets, bare, bareSets }: MeasuredVariant, clock: Clock): ClockResult {
  const ns = clock === 'cpu' ? result.cpuNs : result.wallNs;
  const bareNs = clock === 'cpu' ? bare.cpuNs : bare.wallNs;
  const ratioToBare = ratioToBaseline(result, bare, clock);
  return {
    usPerSend: scale(ns, 1 / NS_PER_US),
    ratioToBare,
    ratio: ratioEstimate(ratioToBare, sets, bareSets, clock),
    addedUsPerSend: (ns.median - bareNs.median) / NS_PER_US,
  };
}

/** The ratio and its interval: across process sets when there are several (see `RatioEstimate`). */
function ratioEstimate(
  pooled: Spread,
  sets: readonly ContenderResult[],
  bareSets: readonly ContenderResult[],
  clock: Clock,
): RatioEstimate {
  const bySet = sets.map((set, index) => ratioToBaseline(set, bareSets[index] as ContenderResult, clock).median);
  if (bySet.length < 2) {
    return { estimate: pooled.median, low: pooled.medianLow, high: pooled.medianHigh, basis: 'rounds', bySet };
  }
  const { mean, low, high } = meanInterval(bySet);
  return { estimate: mean, low, high, basis: 'process sets', bySet };
}

function scale(summary: Spread, factor: number): Spread {
  return {
    median: summary.median * factor,
    q1: summary.q1 * factor,
    q3: summary.q3 * factor,
    min: summary.min * factor,
    max: summary.max * factor,
    samples: summary.samples,
    medianLow: summary.medianLow * factor,
    medianHigh: summary.medianHigh * factor,
  };
}
