// The bench's own machinery: statistics, flags, the interleaving harness,
// the tables, and the counting wrappers. No timed assertions: speed is what
// `pnpm bench` reports, not what a test checks.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { MemoryTokenStore, newTokenRecord } from '@retrysafe/core';
import { BENCHMARK_NAMES, parseBenchArgs } from '../src/bench-args.js';
import { sortedDeepCopy } from '../src/benchmarks/fingerprint-micro.js';
import { summariseProfile } from '../src/cpu-profile.js';
import { measureInterleaved, ratioToBaseline, type Contender } from '../src/interleaved.js';
import { writeResults, workspaceRoot } from '../src/report/results-file.js';
import { meanInterval, median, medianInterval, quantile, relativeSpread, spread } from '../src/report/stats.js';
import { targetVerdict } from '../src/benchmarks/overhead.js';
import { formatTable } from '../src/report/table.js';
import { CountingTokenStore } from '../src/stores/counting-token-store.js';

describe('statistics', () => {
  it('gives the textbook quantiles', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.25)).toBe(2);
    expect(quantile([10, 20], 0.75)).toBe(17.5);
    expect(spread([3, 1, 2])).toEqual({ median: 2, q1: 1.5, q3: 2.5, min: 1, max: 3, samples: 3, medianLow: 1, medianHigh: 3 });
    // Half the interquartile range (95..105) over the median.
    expect(relativeSpread(spread([90, 100, 110]))).toBeCloseTo(0.05);
  });

  it('keeps every quantile between min and max, rising with q', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 }), fc.double({ min: 0, max: 1, noNaN: true }), (values, q) => {
        const value = quantile(values, q);
        expect(value).toBeGreaterThanOrEqual(Math.min(...values));
        expect(value).toBeLessThanOrEqual(Math.max(...values));
        expect(quantile(values, Math.min(1, q + 0.1))).toBeGreaterThanOrEqual(value);
      }),
    );
  });

  it('gives the median a 95% interval from order statistics: the middle tenth of 400 rounds, everything of 5', () => {
    const rounds = Array.from({ length: 400 }, (_, index) => index + 1); // 1..400
    // Ranks 200 ∓ 19.6: the 180th and the 221st value.
    expect(medianInterval(rounds)).toEqual({ low: 180, high: 221 });
    expect(medianInterval([5, 1, 4, 2, 3])).toEqual({ low: 1, high: 5 });
    expect(() => medianInterval([])).toThrow(RangeError);
  });

  it('keeps the median inside its interval, and the interval inside the sample (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 500 }), (values) => {
        const { low, high } = medianInterval(values);
        expect(values).toContain(low);
        expect(values).toContain(high);
        expect(low).toBeLessThanOrEqual(median(values));
        expect(high).toBeGreaterThanOrEqual(median(values));
      }),
    );
  });

  it('calls a target met or missed only when the whole interval is on one side of it', () => {
    const ratio = (low: number, high: number) => ({ low, high });
    expect(targetVerdict(ratio(1.01, 1.04), 1.05)).toBe('met');
    expect(targetVerdict(ratio(1.01, 1.05), 1.05)).toBe('met');
    expect(targetVerdict(ratio(1.04, 1.07), 1.05)).toBe('within noise');
    expect(targetVerdict(ratio(1.06, 1.09), 1.05)).toBe('missed');
  });

  it('gives the mean of a few measurements a Student t interval', () => {
    // mean 1.1, sample variance 0.04 / 3, n = 4 (3 degrees of freedom: t = 3.182)
    const interval = meanInterval([1.0, 1.2, 1.0, 1.2]);
    expect(interval.mean).toBeCloseTo(1.1, 10);
    expect(interval.high - interval.mean).toBeCloseTo((3.182 * Math.sqrt(0.04 / 3)) / 2, 10);
    expect(interval.mean - interval.low).toBeCloseTo(interval.high - interval.mean, 10);
    expect(meanInterval([2, 2, 2])).toEqual({ mean: 2, low: 2, high: 2 });
    expect(() => meanInterval([1])).toThrow(RangeError);
  });

  it('a mean interval holds the mean and narrows as agreeing measurements are added', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.5, max: 2, noNaN: true }), { minLength: 2, maxLength: 40 }), (values) => {
        const { mean, low, high } = meanInterval(values);
        expect(low).toBeLessThanOrEqual(mean + 1e-12);
        expect(high).toBeGreaterThanOrEqual(mean - 1e-12);
        const doubled = meanInterval([...values, ...values]);
        expect(doubled.high - doubled.low).toBeLessThanOrEqual(high - low + 1e-12);
      }),
    );
  });

  it('refuses an empty sample and a q outside [0, 1]', () => {
    expect(() => quantile([], 0.5)).toThrow(RangeError);
    expect(() => quantile([1], 1.5)).toThrow(RangeError);
  });
});

describe('bench flags', () => {
  it('runs everything at the issue’s sizes by default', () => {
    const settings = parseBenchArgs([]);
    expect(settings.only).toEqual([...BENCHMARK_NAMES]);
    expect(settings).toMatchObject({ overheadSends: 20_000, memoryUnkeyedSends: 1_000_000, memoryKeyedSends: 200_000, chaosFaultRate: 0.4 });
    expect(settings.overheadProcessSets).toBe(8);
    expect(parseBenchArgs(['--process-sets=1']).overheadProcessSets).toBe(1);
    expect(() => parseBenchArgs(['--process-sets=0'])).toThrow(/--process-sets must be a whole number/);
  });

  it('takes --quick (also after the `--` pnpm passes along) and explicit sizes', () => {
    const quick = parseBenchArgs(['--', '--quick', '--only=memory,overhead', '--memory-unkeyed=5_000', '--out=x.json']);
    expect(quick.quick).toBe(true);
    expect(quick.only).toEqual(['memory', 'overhead']);
    expect(quick.memoryUnkeyedSends).toBe(5_000);
    expect(quick.overheadSends).toBeLessThan(parseBenchArgs([]).overheadSends);
    expect(quick.out).toBe('x.json');
  });

  it('refuses unknown flags, benchmarks and bad numbers, with the usage', () => {
    expect(() => parseBenchArgs(['--fast'])).toThrow(/unknown flag --fast[\s\S]*pnpm bench/);
    expect(() => parseBenchArgs(['--only=speed'])).toThrow(/unknown benchmark speed/);
    expect(() => parseBenchArgs(['--sends=-3'])).toThrow(/--sends must be a whole number/);
    expect(() => parseBenchArgs(['--fault-rate=2'])).toThrow(/--fault-rate/);
    expect(() => parseBenchArgs(['quick'])).toThrow(/unknown argument quick/);
  });
});

describe('interleaved measurement', () => {
  it('warms every contender up, then runs each once per round in rotated order', async () => {
    const calls: string[] = [];
    const contender = (id: string): Contender => ({ id, run: (count) => void calls.push(`${id}:${count}`) });
    const results = await measureInterleaved([contender('a'), contender('b'), contender('c')], { total: 30, rounds: 3, warmup: 7 });
    expect(calls).toEqual(['a:7', 'b:7', 'c:7', 'a:10', 'b:10', 'c:10', 'b:10', 'c:10', 'a:10', 'c:10', 'a:10', 'b:10']);
    expect(results.map((result) => [result.id, result.wallNsByRound.length, result.cpuNsByRound.length])).toEqual([
      ['a', 3, 3],
      ['b', 3, 3],
      ['c', 3, 3],
    ]);
  });

  it('takes ratios round by round', () => {
    const result = (id: string, values: number[]) => ({ id, wallNsByRound: values, cpuNsByRound: values, wallNs: spread(values), cpuNs: spread(values) });
    const ratio = ratioToBaseline(result('plugin', [110, 220, 330]), result('bare', [100, 200, 300]), 'cpu');
    expect(ratio.median).toBeCloseTo(1.1);
    expect(ratio.max - ratio.min).toBeCloseTo(0);
  });
});

describe('report', () => {
  it('aligns text left and numbers (and their titles) right under a rule', () => {
    expect(formatTable(['name', 'time'], [['bare', '12.5 µs'], ['plugin, keyed', '130.0 µs']])).toBe(
      ['name               time', '-------------  --------', 'bare            12.5 µs', 'plugin, keyed  130.0 µs'].join('\n'),
    );
  });

  it('writes the JSON to --out, or under the workspace root by default', () => {
    const folder = mkdtempSync(join(tmpdir(), 'retrysafe-bench-results-'));
    try {
      const path = writeResults({ answer: 42 }, 'nested/out.json', folder);
      expect(path).toBe(join(folder, 'nested', 'out.json'));
      expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ answer: 42 });
      expect(workspaceRoot(folder)).toBe(folder); // no workspace above the temp folder
      expect(workspaceRoot(__dirname)).toBe(join(__dirname, '..', '..', '..'));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('the JSON baseline of the fingerprint micro benchmark', () => {
  it('stringifies key-order permutations of an object alike', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (object) => {
        const reversed = Object.fromEntries(Object.entries(object).reverse());
        expect(JSON.stringify(sortedDeepCopy(reversed))).toBe(JSON.stringify(sortedDeepCopy(object)));
      }),
    );
  });
});

describe('CPU profile summary', () => {
  it('splits self time by area and adds it up the synchronous stack', () => {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 9 });
    const summary = summariseProfile({
      nodes: [
        { id: 1, callFrame: frame('(root)', ''), children: [2] },
        { id: 2, callFrame: frame('freeze', 'file:///repo/packages/aws/dist/esm/idempotency-middleware.js'), children: [3, 4] },
        { id: 3, callFrame: frame('walk', 'file:///repo/packages/core/dist/esm/fingerprint/canonical-walker.js') },
        { id: 4, callFrame: frame('serialize', 'file:///repo/node_modules/.pnpm/x/node_modules/@smithy/core/dist-cjs/index.js') },
      ],
      samples: [2, 3, 3, 4, 1],
      timeDeltas: [10, 20, 30, 40, 5],
    });
    expect(summary.totalUs).toBe(105);
    expect(summary.selfByArea.get('retrysafe plugin (packages/aws)')).toBe(10);
    expect(summary.selfByArea.get('retrysafe core (packages/core)')).toBe(50);
    expect(summary.selfByArea.get('@smithy/*')).toBe(40);
    expect(summary.selfByArea.get('GC and VM')).toBe(5);
    expect(summary.inclusiveByFunction.get('freeze packages/aws/dist/esm/idempotency-middleware.js:10')).toBe(100);
    expect(summary.selfByFunction.get('serialize @smithy/core/dist-cjs/index.js:10')).toBe(40);
  });
});

describe('CountingTokenStore', () => {
  it('counts each call and passes it to the real store', async () => {
    const inner = new MemoryTokenStore();
    const store = new CountingTokenStore(inner);
    const record = newTokenRecord({ bindingKey: 'a'.repeat(64), token: 'token-1', fingerprint: 'b'.repeat(64), memberDigests: {}, ttlMs: 60_000 });
    expect((await store.bind(record)).created).toBe(true);
    expect((await store.bind(record)).created).toBe(false);
    await store.complete(record.bindingKey, 'token-1', 'succeeded');
    expect((await store.get(record.bindingKey))?.status).toBe('succeeded');
    expect(store.calls).toMatchObject({ bind: 2, complete: 1, get: 1, delete: 0 });
    store.reset();
    expect(store.calls.bind).toBe(0);
    expect(store.name).toBe(inner.name);
  });
});
