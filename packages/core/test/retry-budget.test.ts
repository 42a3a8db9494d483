import {
  DEFAULT_RETRY_BUDGET_CAPACITY,
  DEFAULT_THROTTLING_RETRY_COST,
  DEFAULT_TRANSIENT_RETRY_COST,
  RetryBudget,
} from '@retrysafe/core';

describe('RetryBudget', () => {
  it('starts full with the SDKs 2026 defaults', () => {
    const budget = new RetryBudget();
    expect([DEFAULT_RETRY_BUDGET_CAPACITY, DEFAULT_TRANSIENT_RETRY_COST, DEFAULT_THROTTLING_RETRY_COST]).toEqual([500, 14, 5]);
    expect(budget.available).toBe(500);
    expect(budget.capacity).toBe(500);
  });

  it('charges 14 for transient and no-response retries, 5 for throttling', () => {
    const budget = new RetryBudget();
    expect(budget.acquire('transient')).toBe(14);
    expect(budget.available).toBe(486);
    expect(budget.acquire('no-response')).toBe(14);
    expect(budget.available).toBe(472);
    expect(budget.acquire('throttling')).toBe(5);
    expect(budget.available).toBe(467);
  });

  it('refunds on release, never above capacity', () => {
    const budget = new RetryBudget();
    const cost = budget.acquire('transient') ?? 0;
    budget.acquire('throttling');
    budget.release(cost);
    expect(budget.available).toBe(495);
    budget.release(100);
    expect(budget.available).toBe(500);
  });

  it('refuses when it cannot pay, takes nothing, and never goes negative', () => {
    const budget = new RetryBudget({ capacity: 30 });
    expect(budget.acquire('transient')).toBe(14);
    expect(budget.acquire('transient')).toBe(14);
    expect(budget.available).toBe(2);
    expect(budget.acquire('transient')).toBeUndefined();
    expect(budget.acquire('throttling')).toBeUndefined();
    expect(budget.available).toBe(2);
    budget.release(3);
    expect(budget.acquire('throttling')).toBe(5);
    expect(budget.available).toBe(0);
  });

  it('drains after 35 transient retries that never succeed', () => {
    const budget = new RetryBudget();
    let granted = 0;
    while (budget.acquire('transient') !== undefined) granted += 1;
    expect(granted).toBe(Math.floor(500 / 14));
    expect(budget.available).toBe(500 % 14);
  });

  it('takes other capacities and costs', () => {
    const budget = new RetryBudget({ capacity: 10, transientCost: 4, throttlingCost: 0 });
    expect(budget.acquire('no-response')).toBe(4);
    expect(budget.acquire('throttling')).toBe(0);
    expect(budget.available).toBe(6);
  });

  it.each([{ capacity: -1 }, { capacity: Number.NaN }, { transientCost: -14 }, { throttlingCost: Number.POSITIVE_INFINITY }])(
    'rejects options %p',
    (options) => {
      expect(() => new RetryBudget(options)).toThrow(RangeError);
    },
  );

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('rejects release(%p) and keeps its balance', (cost) => {
    const budget = new RetryBudget();
    budget.acquire('transient');
    expect(() => budget.release(cost)).toThrow(RangeError);
    expect(budget.available).toBe(486);
  });
});
