import {
  DEFAULT_RETRY_BUDGET_CAPACITY,
  DEFAULT_THROTTLING_RETRY_COST,
  DEFAULT_TRANSIENT_RETRY_COST,
} from './constants.js';
import { nonNegativeFinite } from './checks.js';
import type { ErrorClass } from './error-class.js';

/** Size and costs of a `RetryBudget` token bucket. */
export interface RetryBudgetOptions {
  /** Tokens when full. Default 500. */
  readonly capacity?: number;
  /** Cost of a retry after a transient or no-response failure. Default 14. */
  readonly transientCost?: number;
  /** Cost of a retry after throttling. Default 5. */
  readonly throttlingCost?: number;
}

/**
 * A token bucket shared by every call of one client. Each retry pays; a
 * success refunds. While a service is failing broadly, the bucket empties
 * and retries stop, so the client does not multiply the load on a sick
 * service. Throttling retries cost less: their backoff already slows them.
 * The balance is never negative and never above capacity.
 */
export class RetryBudget {
  readonly capacity: number;
  readonly transientCost: number;
  readonly throttlingCost: number;
  private balance: number;

  constructor(options: RetryBudgetOptions = {}) {
    this.capacity = nonNegativeFinite('RetryBudget capacity', options.capacity ?? DEFAULT_RETRY_BUDGET_CAPACITY);
    this.transientCost = nonNegativeFinite('RetryBudget transientCost', options.transientCost ?? DEFAULT_TRANSIENT_RETRY_COST);
    this.throttlingCost = nonNegativeFinite('RetryBudget throttlingCost', options.throttlingCost ?? DEFAULT_THROTTLING_RETRY_COST);
    this.balance = this.capacity;
  }

  /** Tokens left. */
  get available(): number {
    return this.balance;
  }

  /** What a retry after this class of failure costs ('no-response' costs as 'transient'). */
  costOf(errorClass: ErrorClass): number {
    return errorClass === 'throttling' ? this.throttlingCost : this.transientCost;
  }

  /** Takes the cost of one retry and returns it, or undefined (taking nothing) when the bucket cannot pay. */
  acquire(errorClass: ErrorClass): number | undefined {
    const cost = this.costOf(errorClass);
    if (cost > this.balance) return undefined;
    this.balance -= cost;
    return cost;
  }

  /** Gives tokens back after a success; the balance stops at capacity. */
  release(cost: number): void {
    this.balance = Math.min(this.capacity, this.balance + nonNegativeFinite('RetryBudget cost', cost));
  }
}
