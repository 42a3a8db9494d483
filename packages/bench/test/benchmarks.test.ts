// The benchmarks at tiny sizes: every variant runs through a real EC2 client
// (each send exactly one request, which the benchmarks check themselves),
// and the store-traffic counts are what the plugin promises. Only counts and
// shapes are asserted; timings are the bench's business.
import { join } from 'node:path';
import { DEFAULT_OVERHEAD_VARIANTS, measurementGroups, OVERHEAD_VARIANTS, runOverhead } from '../src/benchmarks/overhead.js';
import { runChaosThroughput } from '../src/benchmarks/chaos-throughput.js';
import { runFingerprintMicro } from '../src/benchmarks/fingerprint-micro.js';
import { runStoreRoundTrips } from '../src/benchmarks/store-round-trips.js';
import { heapAfterGcMb } from '../src/heap.js';
import { FIXED_YOUNG_GENERATION } from '../src/run-section.js';

it('overhead runs every variant through a real EC2 client and compares it with bare', async () => {
  const result = await runOverhead({ sends: 12, rounds: 3, warmup: 2, variants: [] });
  expect(result.isolated).toBe(false);
  expect(result.variants.map((variant) => variant.id)).toEqual(DEFAULT_OVERHEAD_VARIANTS.map((spec) => spec.id));
  expect(result.inputMembers).toBeGreaterThanOrEqual(25);
  for (const variant of result.variants) {
    expect(variant.cpu.usPerSend.samples).toBe(3);
    expect(variant.wall.usPerSend.median).toBeGreaterThan(0);
    expect(variant.targetMet === undefined).toBe(variant.targetRatio === undefined);
    expect(variant.baselineCpuUsPerSend).toBeGreaterThan(0);
  }
  expect(result.variants.map((variant) => [variant.id, variant.group])).toEqual([
    ['bare', 'in-memory'],
    ['unkeyed', 'in-memory'],
    ['keyed-memory', 'in-memory'],
    ['keyed-memory-secret', 'in-memory'],
    ['keyed-sqlite', 'durable-store'],
    ['keyed-sqlite-normal', 'durable-store'],
  ]);
  expect(result.variants.find((variant) => variant.id === 'bare')?.cpu.ratioToBare.median).toBe(1);
  // One set: the interval can only come from its rounds, and says so.
  expect(result.variants.find((variant) => variant.id === 'unkeyed')?.cpu.ratio.basis).toBe('rounds');
});

it('overhead can run each variant in a process of its own, which checks its request count', async () => {
  const isolate = { path: join(__dirname, 'support', 'overhead-child.cjs'), execArgv: [] };
  const result = await runOverhead({ sends: 6, rounds: 2, warmup: 1, variants: ['keyed-memory'], isolate });
  expect(result.isolated).toBe(true);
  expect(result.variants.map((variant) => [variant.id, variant.cpu.usPerSend.samples])).toEqual([
    ['bare', 2],
    ['keyed-memory', 2],
  ]);
  expect(result.variants[1]?.cpu.usPerSend.median).toBeGreaterThan(0);
});

it('overhead runs the breakdown variants only when named, through a real client, beside bare', async () => {
  expect(DEFAULT_OVERHEAD_VARIANTS.map((spec) => spec.id)).not.toContain('breakdown-stack');
  expect(OVERHEAD_VARIANTS.filter((spec) => spec.breakdown !== undefined).map((spec) => spec.id)).toEqual(['breakdown-stack', 'breakdown-copy']);
  // Each send one request (runOverhead checks it on close), the SDK's own token in it.
  const result = await runOverhead({ sends: 6, rounds: 2, warmup: 1, variants: ['breakdown-stack', 'breakdown-copy'] });
  expect(result.variants.map((variant) => [variant.id, variant.group, variant.cpu.usPerSend.samples])).toEqual([
    ['bare', 'in-memory', 2],
    ['breakdown-stack', 'in-memory', 2],
    ['breakdown-copy', 'in-memory', 2],
  ]);
});

it('overhead can start afresh several times and pool the rounds, each set in new processes', async () => {
  // With the young-generation flags pnpm bench gives them (Node refuses a flag it does not know).
  const isolate = { path: join(__dirname, 'support', 'overhead-child.cjs'), execArgv: [...FIXED_YOUNG_GENERATION] };
  const rounds: number[] = [];
  const result = await runOverhead({
    sends: 8,
    rounds: 4,
    warmup: 1,
    variants: ['unkeyed'],
    isolate,
    processSets: 2,
    onRound: (round, total) => rounds.push(round, total),
  });
  expect(result.processSets).toBe(2);
  expect(result.variants.map((variant) => [variant.id, variant.cpu.usPerSend.samples, variant.cpu.ratioToBare.samples])).toEqual([
    ['bare', 4, 4],
    ['unkeyed', 4, 4],
  ]);
  expect(rounds.slice(-2)).toEqual([4, 4]); // progress counts the rounds of every set
  // The verdict's interval comes from the sets, not from rounds that share a process.
  const unkeyed = result.variants.find((variant) => variant.id === 'unkeyed');
  expect(unkeyed?.cpu.ratio.basis).toBe('process sets');
  expect(unkeyed?.cpu.ratio.bySet).toHaveLength(2);
  const [first, second] = unkeyed?.cpu.ratio.bySet ?? [];
  expect(unkeyed?.cpu.ratio.estimate).toBeCloseTo(((first ?? 0) + (second ?? 0)) / 2, 10);
  expect(unkeyed?.cpu.ratio.low).toBeLessThanOrEqual(unkeyed?.cpu.ratio.estimate ?? 0);
});

it('overhead measures the variants with targets apart from the disk-writing ones, each run beside bare', () => {
  expect(measurementGroups(DEFAULT_OVERHEAD_VARIANTS)).toEqual([
    { group: 'in-memory', ids: ['bare', 'unkeyed', 'keyed-memory', 'keyed-memory-secret'] },
    { group: 'durable-store', ids: ['bare', 'keyed-sqlite', 'keyed-sqlite-normal'] },
  ]);
  const only = (...ids: string[]) => OVERHEAD_VARIANTS.filter((spec) => ids.includes(spec.id));
  expect(measurementGroups(only('bare', 'keyed-sqlite'))).toEqual([{ group: 'durable-store', ids: ['bare', 'keyed-sqlite'] }]);
  expect(measurementGroups(only('bare'))).toEqual([{ group: 'in-memory', ids: ['bare'] }]);
});

it('overhead refuses a variant it does not know', async () => {
  await expect(runOverhead({ sends: 2, rounds: 2, warmup: 0, variants: ['keyed-postgres'] })).rejects.toThrow(/unknown overhead variant keyed-postgres \(known: bare, unkeyed, .*breakdown-copy\)/);
});

it('a keyed send costs the memory and SQLite stores one bind and one outcome write; a resent command only the outcome', async () => {
  const results = await runStoreRoundTrips({ operations: 5, stores: ['memory', 'sqlite'] });
  for (const result of results) {
    if (!result.available) throw new Error(`${result.store} unavailable: ${result.reason}`);
    expect(result.phases.map((phase) => [phase.phase, phase.storeCallsPerOperation, phase.targetMet])).toEqual([
      ['new key', { bind: 1, complete: 1 }, true],
      ['same key, new command (a redelivery)', { bind: 1, complete: 1 }, true],
      ['same command resent', { complete: 1 }, true],
    ]);
    expect(result.phases.every((phase) => phase.wireTotalPerOperation === undefined)).toBe(true);
  }
});

it('chaos throughput runs the workload once per mode and reports what the server saw', async () => {
  const result = await runChaosThroughput({ operations: 2, faultRate: 0.4 });
  expect(result.modes.map((mode) => mode.mode)).toEqual(['bare', 'retrysafe', 'retrysafe-keyed-fresh']);
  for (const mode of result.modes) {
    expect(mode.logicalOperations).toBe(2 * result.services.length);
    expect(mode.attemptsPerOperation).toBeGreaterThanOrEqual(1);
    expect(mode.operationsPerSecond).toBeGreaterThan(0);
  }
  // The plugin's whole point, also at this size: no duplicate ever.
  expect(result.modes.filter((mode) => mode.mode !== 'bare').map((mode) => mode.duplicates)).toEqual([0, 0]);
});

it('the fingerprint micro benchmark measures every candidate on every input', async () => {
  const results = await runFingerprintMicro({ calls: 8, rounds: 2 });
  expect(results.map((input) => input.input)).toEqual(['small', 'realistic', 'large']);
  for (const input of results) {
    expect(input.candidates.map((candidate) => candidate.id)).toEqual(['json-sorted', 'json-sorted-sha256', 'fingerprint', 'snapshot']);
    expect(input.candidates[0]?.ratioToJsonSorted.median).toBe(1);
  }
  expect(results[2]?.encodedBytes).toBeGreaterThan(40_000);
});

it('heap samples need --expose-gc, and say so', () => {
  // Jest runs without it; the bench script passes it.
  expect(() => heapAfterGcMb()).toThrow(/--expose-gc/);
});
