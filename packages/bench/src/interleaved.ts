import { minorGc } from './heap.js';
import { spread, type Spread } from './report/stats.js';

/** Time one batch took, measured where the work ran. */
export interface BatchTime {
  readonly wallNs: number;
  readonly cpuNs: number;
}

/**
 * One contender: does `count` units of work (sends, calls) per `run`. A
 * contender whose work runs elsewhere (a child process) returns the batch's
 * time as measured there; otherwise the harness times the call itself.
 */
export interface Contender {
  readonly id: string;
  run(count: number): Promise<BatchTime | void> | void;
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
      const time = await timeBatch(contender, perRound);
      wall.get(contender.id)?.push(time.wallNs / perRound);
      cpu.get(contender.id)?.push(time.cpuNs / perRound);
    }
    options.onRound?.(round + 1);
  }
  return contenders.map((contender) => {
    const wallNsByRound = wall.get(contender.id) ?? [];
    const cpuNsByRound = cpu.get(contender.id) ?? [];
    return { id: contender.id, wallNsByRound, cpuNsByRound, wallNs: spread(wallNsByRound), cpuNs: spread(cpuNsByRound) };
  });
}

/** Runs one batch after a young-generation GC; its own time, or the one the contender reports. */
export async function timeBatch(contender: Contender, count: number): Promise<BatchTime> {
  minorGc();
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const reported = await contender.run(count);
  const wallNs = Number(process.hrtime.bigint() - started);
  const cpuUsed = process.cpuUsage(cpuBefore);
  return reported ?? { wallNs, cpuNs: (cpuUsed.user + cpuUsed.system) * NS_PER_US };
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
