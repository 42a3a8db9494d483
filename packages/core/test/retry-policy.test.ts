import {
  DEFAULT_MAX_ATTEMPTS,
  IdempotentParameterMismatchError,
  RetryBudget,
  RetryPolicy,
  TokenStoreError,
  type ErrorClass,
  type RetryPolicyOptions,
} from '@retrysafe/core';
import { sdkAbortError, serviceError } from './support/retry-errors.js';

const NOW = Date.UTC(2026, 10, 2, 9, 30, 0);
const HALF = () => 0.5;

function policy(options: RetryPolicyOptions = {}): RetryPolicy {
  return new RetryPolicy({ random: HALF, now: () => NOW, ...options });
}

const unavailable = () => serviceError({ name: 'ServiceUnavailable', status: 503, fault: 'server' });
const throttled = (headers?: Record<string, string>) =>
  serviceError({ name: 'RequestLimitExceeded', status: 503, headers });
const validation = () => serviceError({ name: 'ValidationError', status: 400 });
const reset = () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
const mismatch = () => serviceError({ name: 'IdempotentParameterMismatch', status: 400 });

describe('RetryPolicy.decide', () => {
  it('retries a 5xx after a jittered delay and charges the budget', () => {
    const budget = new RetryBudget();
    const decision = policy({ budget }).decide(unavailable(), 1);
    expect(decision).toEqual({ retry: true, errorClass: 'transient', delayMs: 25, cost: 14, reason: 'retry' });
    expect(budget.available).toBe(486);
    expect(Object.isFrozen(decision)).toBe(true);
  });

  it('backs off harder and pays less for throttling', () => {
    const decision = policy().decide(throttled(), 2);
    expect(decision).toEqual({ retry: true, errorClass: 'throttling', delayMs: 1_000, cost: 5, reason: 'retry' });
  });

  it('retries a failure with no response (the token makes it safe)', () => {
    expect(policy().decide(reset(), 1)).toMatchObject({ retry: true, errorClass: 'no-response', delayMs: 25, cost: 14 });
  });

  it('does not retry other 4xx', () => {
    expect(policy().decide(validation(), 1)).toEqual({
      retry: false,
      errorClass: 'not-retryable',
      delayMs: 0,
      cost: 0,
      reason: 'not-retryable',
    });
  });

  it('does not retry a token conflict', () => {
    expect(policy().decide(mismatch(), 1)).toMatchObject({ retry: false, errorClass: 'mismatch', reason: 'not-retryable' });
  });

  it('does not retry an abort', () => {
    expect(policy().decide(sdkAbortError(), 1)).toMatchObject({ retry: false, errorClass: 'aborted', reason: 'aborted' });
  });

  describe('max attempts (total, the first included)', () => {
    it('defaults to 3: two retries', () => {
      const subject = policy();
      expect(DEFAULT_MAX_ATTEMPTS).toBe(3);
      expect(subject.maxAttempts).toBe(3);
      expect(subject.decide(unavailable(), 1).retry).toBe(true);
      expect(subject.decide(unavailable(), 2).retry).toBe(true);
      expect(subject.decide(unavailable(), 3)).toMatchObject({ retry: false, reason: 'max-attempts', cost: 0 });
    });

    it('stops without charging the budget', () => {
      const budget = new RetryBudget();
      policy({ budget, maxAttempts: 2 }).decide(unavailable(), 2);
      expect(budget.available).toBe(500);
    });

    it('never retries with maxAttempts 1', () => {
      expect(policy({ maxAttempts: 1 }).decide(throttled(), 1)).toMatchObject({ retry: false, reason: 'max-attempts' });
    });

    it('allows more', () => {
      expect(policy({ maxAttempts: 5 }).decide(unavailable(), 4)).toMatchObject({ retry: true, delayMs: 200 });
    });

    it.each([0, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects maxAttempts %p', (maxAttempts) => {
      expect(() => new RetryPolicy({ maxAttempts })).toThrow(RangeError);
    });

    it.each([0, 1.5, Number.NaN])('rejects attemptsMade %p', (attemptsMade) => {
      expect(() => policy().decide(unavailable(), attemptsMade)).toThrow(RangeError);
    });
  });

  describe('budget', () => {
    it('stops with budget-exhausted when the bucket cannot pay, and takes nothing', () => {
      const budget = new RetryBudget({ capacity: 20 });
      const subject = policy({ budget, maxAttempts: 10 });
      expect(subject.decide(unavailable(), 1)).toMatchObject({ retry: true, cost: 14 });
      expect(subject.decide(unavailable(), 2)).toMatchObject({ retry: false, reason: 'budget-exhausted', cost: 0 });
      expect(budget.available).toBe(6);
      // Throttling still fits: it costs 5.
      expect(subject.decide(throttled(), 2)).toMatchObject({ retry: true, cost: 5 });
      expect(budget.available).toBe(1);
    });

    it('refunds what a succeeding call took', () => {
      const budget = new RetryBudget();
      const subject = policy({ budget });
      const first = subject.decide(unavailable(), 1);
      const second = subject.decide(throttled(), 2);
      expect(budget.available).toBe(481);
      subject.recordSuccess(first.cost + second.cost);
      expect(budget.available).toBe(500);
    });

    it('refills one token on a success that retried nothing, up to capacity', () => {
      const budget = new RetryBudget();
      const subject = policy({ budget });
      subject.decide(unavailable(), 1);
      subject.recordSuccess(0);
      expect(budget.available).toBe(487);
      for (let success = 0; success < 20; success += 1) subject.recordSuccess(0);
      expect(budget.available).toBe(500);
    });

    it('lets a drained bucket recover through successes', () => {
      const budget = new RetryBudget({ capacity: 14 });
      const subject = policy({ budget });
      expect(subject.decide(unavailable(), 1).retry).toBe(true);
      expect(subject.decide(unavailable(), 1).reason).toBe('budget-exhausted');
      for (let success = 0; success < 14; success += 1) subject.recordSuccess(0);
      expect(subject.decide(unavailable(), 1).retry).toBe(true);
    });

    it('gives each policy its own bucket by default', () => {
      const one = policy();
      const other = policy();
      one.decide(unavailable(), 1);
      expect(one.budget?.available).toBe(486);
      expect(other.budget?.available).toBe(500);
    });

    it('can be turned off', () => {
      const subject = policy({ budget: false, maxAttempts: 1_000 });
      expect(subject.budget).toBeUndefined();
      for (let attempt = 1; attempt < 100; attempt += 1) {
        expect(subject.decide(unavailable(), attempt)).toMatchObject({ retry: true, cost: 0 });
      }
      expect(() => subject.recordSuccess(0)).not.toThrow();
    });

    it('rejects a negative refund', () => {
      expect(() => policy().recordSuccess(-14)).toThrow(RangeError);
    });
  });

  describe('Retry-After hints', () => {
    it('waits at least the hint', () => {
      expect(policy().decide(throttled({ 'retry-after': '3' }), 1)).toMatchObject({ retry: true, delayMs: 3_000 });
      expect(policy().decide(throttled({ 'x-amz-retry-after': '1500' }), 1)).toMatchObject({ delayMs: 1_500 });
    });

    it('keeps the jittered delay when it is longer than the hint', () => {
      expect(policy().decide(throttled({ 'x-amz-retry-after': '10' }), 1)).toMatchObject({ delayMs: 500 });
    });

    it('clamps a hint above the cap to the cap', () => {
      expect(policy().decide(throttled({ 'retry-after': '60' }), 1)).toMatchObject({ retry: true, delayMs: 20_000 });
      expect(policy({ maxDelayMs: 2_000 }).decide(throttled({ 'retry-after': '60' }), 1)).toMatchObject({ delayMs: 2_000 });
    });

    it('stops when the hint reaches past the deadline, even if the capped delay would fit', () => {
      const subject = policy({ deadline: NOW + 30_000 });
      expect(subject.decide(throttled({ 'retry-after': '60' }), 1)).toMatchObject({ retry: false, reason: 'deadline' });
      expect(subject.decide(throttled({ 'retry-after': '29' }), 1)).toMatchObject({ retry: true, delayMs: 20_000 });
    });

    it('reads an HTTP-date hint against the policy clock', () => {
      const at = new Date(NOW + 4_000).toUTCString();
      expect(policy().decide(throttled({ 'retry-after': at }), 1)).toMatchObject({ delayMs: 4_000 });
    });
  });

  describe('deadline', () => {
    it('stops when now + delay would pass it, and takes nothing from the budget', () => {
      const budget = new RetryBudget();
      const decision = policy({ budget, deadline: NOW + 24 }).decide(unavailable(), 1);
      expect(decision).toMatchObject({ retry: false, reason: 'deadline', errorClass: 'transient' });
      expect(budget.available).toBe(500);
    });

    it('retries when the delay ends exactly at the deadline', () => {
      expect(policy({ deadline: NOW + 25 }).decide(unavailable(), 1)).toMatchObject({ retry: true, delayMs: 25 });
    });

    it('reads a deadline function on every decision', () => {
      let deadline: number | undefined = NOW + 10;
      const subject = policy({ deadline: () => deadline });
      expect(subject.decide(unavailable(), 1).reason).toBe('deadline');
      deadline = undefined;
      expect(subject.decide(unavailable(), 1).reason).toBe('retry');
      deadline = NOW + 60_000;
      expect(subject.decide(unavailable(), 1).reason).toBe('retry');
    });

    it('follows the clock', () => {
      let now = NOW;
      const subject = new RetryPolicy({ random: HALF, now: () => now, deadline: NOW + 1_000 });
      expect(subject.decide(unavailable(), 1).retry).toBe(true);
      now = NOW + 990;
      expect(subject.decide(unavailable(), 1).reason).toBe('deadline');
    });

    it('rejects a NaN deadline', () => {
      expect(() => new RetryPolicy({ deadline: Number.NaN })).toThrow(RangeError);
      expect(() => policy({ deadline: () => Number.NaN }).decide(unavailable(), 1)).toThrow(RangeError);
    });
  });

  describe('caller override', () => {
    it('can stop a retry the policy would make', () => {
      const budget = new RetryBudget();
      const decision = policy({ budget, retryable: () => false }).decide(unavailable(), 1);
      expect(decision).toMatchObject({ retry: false, reason: 'caller-override', errorClass: 'transient' });
      expect(budget.available).toBe(500);
    });

    it('can retry an error the policy would not', () => {
      const conditionalCheck = () => serviceError({ name: 'ConditionalCheckFailedException', status: 400 });
      const decision = policy({ retryable: (error) => (error as Error).name === 'ConditionalCheckFailedException' || undefined })
        .decide(conditionalCheck(), 1);
      expect(decision).toEqual({ retry: true, errorClass: 'not-retryable', delayMs: 25, cost: 14, reason: 'caller-override' });
    });

    it('keeps the default when it returns undefined', () => {
      const subject = policy({ retryable: () => undefined });
      expect(subject.decide(unavailable(), 1).reason).toBe('retry');
      expect(subject.decide(validation(), 1).reason).toBe('not-retryable');
    });

    it('agreeing with the default is no override', () => {
      const subject = policy({ retryable: (_error, errorClass) => errorClass === 'transient' });
      expect(subject.decide(unavailable(), 1).reason).toBe('retry');
      expect(subject.decide(validation(), 1).reason).toBe('not-retryable');
    });

    it('is told the class', () => {
      const seen: ErrorClass[] = [];
      const subject = policy({ retryable: (_error, errorClass) => { seen.push(errorClass); return undefined; } });
      subject.decide(unavailable(), 1);
      subject.decide(throttled(), 1);
      subject.decide(reset(), 1);
      subject.decide(validation(), 1);
      expect(seen).toEqual(['transient', 'throttling', 'no-response', 'not-retryable']);
    });

    it('cannot make an abort, a token conflict or a pre-send error retry, and is not asked', () => {
      const asked: unknown[] = [];
      const subject = policy({ retryable: (error) => { asked.push(error); return true; } });
      const local = new IdempotentParameterMismatchError({ token: 't', service: 'EC2', operation: 'RunInstances', source: 'local' });
      const store = new TokenStoreError({ store: 'redis', kind: 'unavailable', action: 'bind' });
      expect(subject.decide(sdkAbortError(), 1)).toMatchObject({ retry: false, reason: 'aborted' });
      expect(subject.decide(mismatch(), 1)).toMatchObject({ retry: false, reason: 'not-retryable' });
      expect(subject.decide(local, 1)).toMatchObject({ retry: false, reason: 'not-retryable' });
      expect(subject.decide(store, 1)).toMatchObject({ retry: false, reason: 'not-retryable', errorClass: 'not-retryable' });
      expect(asked).toEqual([]);
    });

    it('cannot lift max attempts, the deadline or the budget', () => {
      const always = () => true;
      expect(policy({ retryable: always }).decide(validation(), 3).reason).toBe('max-attempts');
      expect(policy({ retryable: always, deadline: NOW }).decide(validation(), 1).reason).toBe('deadline');
      const budget = new RetryBudget({ capacity: 0 });
      expect(policy({ retryable: always, budget }).decide(validation(), 1).reason).toBe('budget-exhausted');
    });

    it('lets its own exception through', () => {
      const subject = policy({ retryable: () => { throw new Error('override failed'); } });
      expect(() => subject.decide(unavailable(), 1)).toThrow('override failed');
    });
  });

  describe('a call’s own context', () => {
    const conditionalCheck = () => serviceError({ name: 'ConditionalCheckFailedException', status: 400 });

    it('adds a deadline: the earlier of the call’s and the policy’s applies', () => {
      expect(policy().decide(unavailable(), 1, { deadline: NOW + 24 }).reason).toBe('deadline');
      expect(policy().decide(unavailable(), 1, { deadline: NOW + 25 }).reason).toBe('retry');
      expect(policy({ deadline: NOW + 24 }).decide(unavailable(), 1, { deadline: NOW + 60_000 }).reason).toBe('deadline');
      expect(policy({ deadline: NOW + 60_000 }).decide(unavailable(), 1, { deadline: NOW + 24 }).reason).toBe('deadline');
      expect(() => policy().decide(unavailable(), 1, { deadline: Number.NaN })).toThrow(RangeError);
    });

    it('gives a default where the caller’s retryable has none, and yields to the caller’s word', () => {
      const call = { retryable: (error: unknown) => ((error as Error).name === 'ConditionalCheckFailedException' ? true : undefined) };
      expect(policy().decide(conditionalCheck(), 1, call)).toMatchObject({ retry: true, reason: 'caller-override' });
      expect(policy({ retryable: () => undefined }).decide(conditionalCheck(), 1, call).retry).toBe(true);
      expect(policy({ retryable: () => false }).decide(conditionalCheck(), 1, call).retry).toBe(false);
      expect(policy().decide(validation(), 1, call).reason).toBe('not-retryable');
    });

    it('cannot make an abort or a token conflict retry, nor lift max attempts or the budget', () => {
      const always = { retryable: () => true };
      expect(policy().decide(sdkAbortError(), 1, always).reason).toBe('aborted');
      expect(policy().decide(mismatch(), 1, always).reason).toBe('not-retryable');
      expect(policy().decide(validation(), 3, always).reason).toBe('max-attempts');
      expect(policy({ budget: new RetryBudget({ capacity: 0 }) }).decide(validation(), 1, always).reason).toBe('budget-exhausted');
    });
  });

  it('is deterministic given random and now', () => {
    const draws = [0.1, 0.9, 0.3, 0.7, 0.5];
    const run = () => {
      let index = 0;
      const subject = new RetryPolicy({
        maxAttempts: 6,
        random: () => draws[index++ % draws.length] ?? 0,
        now: () => NOW,
      });
      return [unavailable(), throttled(), reset(), throttled({ 'retry-after': '2' }), unavailable()].map((error, attempt) =>
        subject.decide(error, attempt + 1),
      );
    };
    const first = run();
    expect(run()).toEqual(first);
    expect(first.map((decision) => decision.delayMs)).toEqual([5, 1_800, 60, 5_600, 400]);
  });

  it.each<[string, RetryPolicyOptions]>([
    ['baseDelayMs', { baseDelayMs: -1 }],
    ['throttlingBaseDelayMs', { throttlingBaseDelayMs: Number.NaN }],
    ['maxDelayMs', { maxDelayMs: Number.POSITIVE_INFINITY }],
  ])('rejects a bad %s', (_name, options) => {
    expect(() => new RetryPolicy(options)).toThrow(RangeError);
  });

  it('rejects a non-function override, random or clock', () => {
    expect(() => new RetryPolicy({ retryable: true as never })).toThrow(TypeError);
    expect(() => new RetryPolicy({ random: 0.5 as never })).toThrow(TypeError);
    expect(() => new RetryPolicy({ now: NOW as never })).toThrow(TypeError);
  });
});
