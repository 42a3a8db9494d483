import fc from 'fast-check';
import { runBounded } from '../src/bounded-pool.js';
import { isFinalError, isMismatchError } from '../src/caller-errors.js';
import { logicalOperation } from '../src/logical-operation.js';
import { percentile } from '../src/percentile.js';
import { sendWithResends } from '../src/resend-loop.js';
import { hangingParagraph, wrapText } from '../src/text-wrap.js';

const named = (name: string) => Object.assign(new Error(name), { name });

describe('percentile (nearest rank)', () => {
  test('is one of the values, with at least that share at or below it and less than that share strictly below', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 200 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (values, fraction) => {
          const p = percentile(values, fraction);
          expect(values).toContain(p);
          const atOrBelow = values.filter((v) => v <= p).length;
          const below = values.filter((v) => v < p).length;
          expect(atOrBelow).toBeGreaterThanOrEqual(Math.ceil(fraction * values.length));
          expect(below).toBeLessThan(Math.ceil(fraction * values.length));
        },
      ),
    );
  });

  test('known values, empty input, and a bad fraction', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(hundred, 0.5)).toBe(50);
    expect(percentile(hundred, 0.99)).toBe(99);
    expect(percentile(hundred, 1)).toBe(100);
    expect(percentile([], 0.5)).toBe(0);
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 1.5)).toThrow(RangeError);
  });
});

describe('the caller\'s resend loop', () => {
  test('sends until success', async () => {
    let calls = 0;
    const result = await sendWithResends(async () => {
      calls += 1;
      if (calls < 3) throw named('InternalError');
    }, 8);
    expect(result).toEqual({ ok: true, sends: 3 });
  });

  test('gives up after maxResends resends, with the last error', async () => {
    const seen: number[] = [];
    const result = await sendWithResends(async (resend) => {
      seen.push(resend);
      throw named(`Error${resend}`);
    }, 4);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(result.ok).toBe(false);
    expect(!result.ok && (result.error as Error).name).toBe('Error4');
  });

  test.each(['AlreadyExistsException', 'IdempotentParameterMismatchError', 'IdempotentParameterMismatch', 'TokenAlreadyExistsException'])(
    'stops at once on %s',
    async (name) => {
      let calls = 0;
      const result = await sendWithResends(async () => {
        calls += 1;
        throw named(name);
      }, 8);
      expect(calls).toBe(1);
      expect(result.sends).toBe(1);
      expect(isFinalError(named(name))).toBe(true);
    },
  );

  test('AlreadyExists is final but not a mismatch; a throttle is neither', () => {
    expect(isMismatchError(named('AlreadyExistsException'))).toBe(false);
    expect(isFinalError(named('ThrottlingException'))).toBe(false);
    expect(isFinalError('not an error')).toBe(false);
  });
});

describe('bounded pool', () => {
  test('never exceeds the bound, runs every task once, keeps the order of results', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 10 }), async (count, concurrency) => {
        let inFlight = 0;
        let peak = 0;
        const ran: number[] = [];
        const results = await runBounded(count, concurrency, async (i) => {
          inFlight += 1;
          peak = Math.max(peak, inFlight);
          ran.push(i);
          await new Promise((resolve) => setImmediate(resolve));
          inFlight -= 1;
          return i * 2;
        });
        expect(peak).toBeLessThanOrEqual(concurrency);
        expect([...ran].sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i));
        expect(results).toEqual(Array.from({ length: count }, (_, i) => i * 2));
      }),
      { numRuns: 30 },
    );
  });
});

describe('logical operations', () => {
  test('every n-th operation is a caller mistake; 0 means none', () => {
    const mistakes = Array.from({ length: 100 }, (_, i) => logicalOperation('ec2', i, 50)).filter((o) => o.callerMistake);
    expect(mistakes.map((o) => o.index)).toEqual([49, 99]);
    expect(Array.from({ length: 100 }, (_, i) => logicalOperation('ec2', i, 0)).some((o) => o.callerMistake)).toBe(false);
    expect(logicalOperation('ram', 3, 0)).toMatchObject({ id: 'ram-3', key: 'chaos-ram-3' });
  });
});

describe('text wrapping', () => {
  const words = fc.array(fc.stringMatching(/^[a-z]{1,12}$/), { maxLength: 40 });

  test('keeps every word in order, and no line is longer than the width unless it is one long word', () => {
    fc.assert(
      fc.property(words, fc.integer({ min: 1, max: 40 }), (list, width) => {
        const lines = wrapText(list.join(' '), width);
        expect(lines.join(' ').split(' ').filter((w) => w !== '')).toEqual(list);
        for (const line of lines) expect(line.length <= width || !line.includes(' ')).toBe(true);
      }),
    );
  });

  test('a hanging paragraph indents continuation lines under the text', () => {
    expect(hangingParagraph('term', 'aaa bbb ccc', 6, 13)).toBe('term  aaa bbb\n      ccc');
  });
});
