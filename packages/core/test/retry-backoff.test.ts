import {
  backoffDelay,
  DEFAULT_BASE_DELAY_MS,
  DEFAULT_MAX_DELAY_MS,
  DEFAULT_THROTTLING_BASE_DELAY_MS,
  type ErrorClass,
} from '@retrysafe/core';

/** The largest value Math.random() can return. */
const ALMOST_ONE = 1 - 2 ** -53;
const always = (value: number) => () => value;

describe('backoffDelay', () => {
  it('uses the SDKs 2026 defaults', () => {
    expect([DEFAULT_BASE_DELAY_MS, DEFAULT_THROTTLING_BASE_DELAY_MS, DEFAULT_MAX_DELAY_MS]).toEqual([50, 1_000, 20_000]);
  });

  it.each<ErrorClass>(['transient', 'no-response', 'throttling'])('is 0 with random() = 0 (%s)', (errorClass) => {
    for (const retryNumber of [1, 2, 10, 100]) {
      expect(backoffDelay(retryNumber, errorClass, {}, always(0))).toBe(0);
    }
  });

  it.each<readonly [ErrorClass, number, number]>([
    ['transient', 1, 49],
    ['transient', 2, 99],
    ['transient', 3, 199],
    ['no-response', 1, 49],
    ['no-response', 4, 399],
    ['transient', 9, 12_799],
    ['transient', 10, 19_999],
    ['throttling', 1, 999],
    ['throttling', 2, 1_999],
    ['throttling', 5, 15_999],
    ['throttling', 6, 19_999],
  ])('stays under the ceiling with random() just below 1 (%s, retry %i)', (errorClass, retryNumber, expected) => {
    expect(backoffDelay(retryNumber, errorClass, {}, always(ALMOST_ONE))).toBe(expected);
  });

  it('spreads the delay over [0, ceiling) by random()', () => {
    // Retry 3 of a transient failure: ceiling 50 * 2 ** 2 = 200.
    expect(backoffDelay(3, 'transient', {}, always(0.25))).toBe(50);
    expect(backoffDelay(3, 'transient', {}, always(0.5))).toBe(100);
    expect(backoffDelay(3, 'throttling', {}, always(0.5))).toBe(2_000);
  });

  it('caps every delay, however many retries', () => {
    for (const retryNumber of [20, 1_000, 1_025, 1_000_000]) {
      expect(backoffDelay(retryNumber, 'throttling', {}, always(1))).toBe(DEFAULT_MAX_DELAY_MS);
      expect(backoffDelay(retryNumber, 'transient', {}, always(0.5))).toBe(DEFAULT_MAX_DELAY_MS / 2);
    }
  });

  it('takes other bases and caps', () => {
    const options = { baseDelayMs: 10, throttlingBaseDelayMs: 300, maxDelayMs: 1_000 };
    expect(backoffDelay(1, 'transient', options, always(1))).toBe(10);
    expect(backoffDelay(4, 'transient', options, always(1))).toBe(80);
    expect(backoffDelay(2, 'throttling', options, always(1))).toBe(600);
    expect(backoffDelay(3, 'throttling', options, always(1))).toBe(1_000);
    expect(backoffDelay(2_000, 'transient', { baseDelayMs: 0 }, always(1))).toBe(0);
  });

  it('uses the transient base for a class retried only by a caller override', () => {
    expect(backoffDelay(2, 'not-retryable', {}, always(1))).toBe(100);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects retry number %p', (retryNumber) => {
    expect(() => backoffDelay(retryNumber, 'transient', {}, always(0))).toThrow(RangeError);
  });

  it.each([-0.1, 1.01, Number.NaN])('rejects random() = %p', (value) => {
    expect(() => backoffDelay(1, 'transient', {}, always(value))).toThrow(/random\(\) must return a number in \[0, 1\]/);
  });

  it.each([
    { baseDelayMs: -1 },
    { throttlingBaseDelayMs: Number.NaN },
    { maxDelayMs: Number.POSITIVE_INFINITY },
  ])('rejects options %p', (options) => {
    expect(() => backoffDelay(1, 'transient', options, always(0))).toThrow(RangeError);
  });
});
