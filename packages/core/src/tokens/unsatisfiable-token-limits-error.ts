import { RetrysafeError } from '../errors/index.js';
import { describeLength, type TokenLimits } from './token-limits.js';

/**
 * No token shape (UUID, hex of some length) fits a member's limits, so no
 * token can be made for it. Raised before anything is sent; the limits are
 * wrong or exotic, so trying again cannot help: set a token of your own.
 */
export class UnsatisfiableTokenLimitsError extends RetrysafeError {
  override readonly name = 'UnsatisfiableTokenLimitsError';
  readonly retryable = false;
  readonly limits: TokenLimits;

  constructor(limits: TokenLimits) {
    const pattern = limits.pattern === undefined ? '' : ` and pattern ${limits.pattern}`;
    super(`no token shape fits length ${describeLength(limits)}${pattern}; set the token yourself`);
    this.limits = { ...limits };
  }
}
