import { minorGc } from './heap.js';
import { spread, type Spread } from './report/stats.js';

/** One contender: does `count` units of work (sends, calls) per `run`. */
export interface Contender {
  readonly id: string;
  run(count: number): Promise<void> | void;
}

export interface InterleavedOptions {
  /** Units per contender in all measured rounds together. */
  readonly total: number;
  readonly rounds: number;
  /** Units per contender before measuring (JIT warm-up), not counted. */
  readonly warmup: number;
  /** Called after each measured round (progress). */
  readonly onRound?: (round: number) => void;
}

/** Which clock a result is read from. */
export type Clock = 'wall' | 'cpu';

export interface ContenderResult {
  readonly id: string;
  /** Wall-clock nanoseconds per unit, one value per round. */
  readonly wallNsByRound: readonly number[];
  /**
   * CPU nanoseconds (user + system, all of this process's threads, so
   * concurrent GC too) per unit, one value per round. On a machine shared with
   * other work this is the steadier measure: time spent descheduled is not in it.
   */
  readonly cpuNsByRound: readonly number[];
  readonly wallNs: Spread;
  readonly cpuNs: Spread;
}

const NS_PER_MS = 1e6;
const NS_PER_US = 1e3;

/**
 * Measures contenders in interleaved rounds: each round runs every contender
 * once, in an order rotated by the round number, so drift of the machine
 * (other processes, thermal, GC pressure) falls on all of them alike and
 * nobody is always first. Each batch starts after a young-generation GC
 * (when Node runs with --expose-gc), so the short-lived garbage a contender
 * makes is collected on its own time and not on the next one's; not a full
 * GC, which flushes the code of idle functions (see `minorGc`).
 */
export async function measureInterleaved(
  contenders: readonly Contender[],
  options: InterleavedOptions,
): Promise<ContenderResult[]> {
  const perRound = Math.max(1, Math.floor(options.total / options.rounds));
  for (const contender of contenders) {
    if (options.warmup > 0) await contender.run(options.warmup);
  }
  const wall = new Map<string, number[]>(contenders.map((c) => [c.id, []]));
  const cpu = new Map<string, number[]>(contenders.map((c) => [c.id, []]));
  for (let round = 0; round < options.rounds; round++) {
    for (let slot = 0; slot < contenders.length; slot++) {
      const contender = contenders[(slot + round) % contenders.length] as Contender;
      minorGc();
      const cpuBefore = process.cpuUsage();
      const started = process.hrtime.bigint();
      await contender.run(perRound);
      const elapsedNs = Number(process.hrtime.bigint() - started);
      const cpuUsed = process.cpuUsage(cpuBefore);
      wall.get(contender.id)?.push(elapsedNs / perRound);
      cpu.get(contender.id)?.push(((cpuUsed.user + cpuUsed.system) * NS_PER_US) / perRound);
    }
    options.onRound?.(round + 1);
  }
  return contenders.map((contender) => {
    const wallNsByRound = wall.get(contender.id) ?? [];
    const cpuNsByRound = cpu.get(contender.id) ?? [];
    return { id: contender.id, wallNsByRound, cpuNsByRound, wallNs: spread(wallNsByRound), cpuNs: spread(cpuNsByRound) };
  });
}

/**
 * Ratio of a contender to the baseline, as the median of per-round ratios:
 * both ran back to back in each round, so a slow round slows both and the
 * ratio stays honest where a ratio of medians could pick values from
 * different rounds.
 */
export function ratioToBaseline(result: ContenderResult, baseline: ContenderResult, clock: Clock): Spread {
  const values = clock === 'wall' ? result.wallNsByRound : result.cpuNsByRound;
  const base = clock === 'wall' ? baseline.wallNsByRound : baseline.cpuNsByRound;
  return spread(values.map((value, round) => value / (base[round] as number)));
}

/** Milliseconds from nanoseconds, for display. */
export function nsToMs(ns: number): number {
  return ns / NS_PER_MS;
}
