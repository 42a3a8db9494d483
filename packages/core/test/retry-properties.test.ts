import fc from 'fast-check';
import {
  backoffDelay,
  classifyError,
  DEFAULT_MAX_DELAY_MS,
  RetryBudget,
  RetryPolicy,
  type ErrorClass,
} from '@retrysafe/core';

const ERROR_CLASSES: readonly ErrorClass[] = ['throttling', 'transient', 'no-response', 'mismatch', 'aborted', 'not-retryable'];
const RETRIED_BY_DEFAULT: ReadonlySet<ErrorClass> = new Set(['throttling', 'transient', 'no-response']);
const NOW = Date.UTC(2026, 10, 2, 9, 30, 0);

/** Math.random()'s range: [0, 1). */
const randomDraw = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

/** Names that steer classification one way or another, and noise. */
const errorCode = fc.oneof(
  fc.constantFrom(
    'RequestLimitExceeded',
    'Throttling',
    'ThrottlingException',
    'SlowDown',
    'TimeoutError',
    'RequestTimeout',
    'IdempotentParameterMismatch',
    'IdempotentParameterMismatchException',
    'TokenAlreadyExistsException',
    'IdempotentInstanceTerminated',
    'IdempotentParameterMismatchError',
    'TokenStoreError',
    'InvalidClientTokenError',
    'AbortError',
    'ValidationError',
    'ConflictException',
    'InternalError',
    'InvalidSignatureException',
  ),
  fc.string({ maxLength: 12 }),
);

const errorSpec = fc.record(
  {
    name: errorCode,
    Code: errorCode,
    code: fc.constantFrom('ECONNRESET', 'ECONNREFUSED', 'ENOTFOUND', 'EPIPE', 'ABORT_ERR', 'ERR_HTTP2_STREAM_ERROR', 'EOTHER'),
    message: fc.constantFrom('failed', 'socket hang up', 'Signature expired', 'NGHTTP2_REFUSED_STREAM'),
    status: fc.integer({ min: 100, max: 599 }),
    response: fc.boolean(),
    retryable: fc.record({ throttling: fc.boolean() }, { requiredKeys: [] }),
    clockSkewCorrected: fc.boolean(),
    headers: fc.dictionary(
      fc.constantFrom('retry-after', 'Retry-After', 'x-amz-retry-after'),
      fc.oneof(fc.nat({ max: 1_000_000 }).map(String), fc.string({ maxLength: 30 }), fc.date({ noInvalidDate: true }).map((date) => date.toUTCString())),
    ),
  },
  { requiredKeys: [] },
);

type ErrorSpec = typeof errorSpec extends fc.Arbitrary<infer T> ? T : never;

function buildError(spec: ErrorSpec, cause?: unknown): Error {
  const error = new Error(spec.message ?? 'failed', cause === undefined ? undefined : { cause });
  const extra: Record<string, unknown> = {};
  if (spec.name !== undefined) extra['name'] = spec.name;
  if (spec.Code !== undefined) extra['Code'] = spec.Code;
  if (spec.code !== undefined) extra['code'] = spec.code;
  if (spec.retryable !== undefined) extra['$retryable'] = spec.retryable;
  if (spec.status !== undefined || spec.clockSkewCorrected !== undefined) {
    extra['$metadata'] = { httpStatusCode: spec.status, clockSkewCorrected: spec.clockSkewCorrected };
  }
  Object.assign(error, extra);
  if (spec.response === true) {
    Object.defineProperty(error, '$response', { value: { statusCode: spec.status ?? 400, headers: spec.headers ?? {} } });
  }
  return error;
}

/** An SDK-like error with up to three causes, innermost last. */
const sdkLikeError = fc.array(errorSpec, { minLength: 1, maxLength: 4 }).map((specs) =>
  specs.reduceRight<Error | undefined>((cause, spec) => buildError(spec, cause), undefined),
);

describe('retry properties', () => {
  it('a budget is never negative nor above capacity, whatever the acquires and releases', () => {
    const operation = fc.oneof(
      fc.constantFrom(...ERROR_CLASSES).map((errorClass) => ({ kind: 'acquire' as const, errorClass })),
      fc.double({ min: 0, max: 1_000, noNaN: true }).map((amount) => ({ kind: 'release' as const, amount })),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 50 }),
        fc.array(operation, { maxLength: 200 }),
        (capacity, transientCost, throttlingCost, operations) => {
          const budget = new RetryBudget({ capacity, transientCost, throttlingCost });
          for (const operation of operations) {
            const before = budget.available;
            if (operation.kind === 'acquire') {
              const cost = operation.errorClass === 'throttling' ? throttlingCost : transientCost;
              const taken = budget.acquire(operation.errorClass);
              if (taken === undefined) {
                if (cost <= before || budget.available !== before) return false;
              } else if (taken !== cost || budget.available !== before - cost) {
                return false;
              }
            } else {
              budget.release(operation.amount);
              if (budget.available !== Math.min(capacity, before + operation.amount)) return false;
            }
            if (budget.available < 0 || budget.available > capacity) return false;
          }
          return true;
        },
      ),
    );
  });

  it('backoff is always a whole number of ms in [0, cap]', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 2 ** 31 })),
        fc.constantFrom(...ERROR_CLASSES),
        randomDraw,
        fc.record(
          {
            // Zero often: 0 * 2 ** 1024 is NaN, an edge worth hitting.
            baseDelayMs: fc.oneof(fc.constant(0), fc.nat({ max: 100_000 })),
            throttlingBaseDelayMs: fc.oneof(fc.constant(0), fc.nat({ max: 100_000 })),
            maxDelayMs: fc.oneof(fc.constant(0), fc.nat({ max: 120_000 })),
          },
          { requiredKeys: [] },
        ),
        (retryNumber, errorClass, draw, options) => {
          const delay = backoffDelay(retryNumber, errorClass, options, () => draw);
          const cap = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
          return Number.isInteger(delay) && delay >= 0 && delay <= cap;
        },
      ),
    );
  });

  it('classifyError never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), sdkLikeError), (value) => ERROR_CLASSES.includes(classifyError(value))),
    );
  });

  it('decide retries only retryable classes, only before maxAttempts, within the cap', () => {
    fc.assert(
      fc.property(
        sdkLikeError,
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 10 }),
        randomDraw,
        (error, attemptsMade, maxAttempts, draw) => {
          const policy = new RetryPolicy({ maxAttempts, budget: false, random: () => draw, now: () => NOW });
          const decision = policy.decide(error, attemptsMade);
          if (decision.errorClass !== classifyError(error)) return false;
          if (!decision.retry) return decision.delayMs === 0 && decision.cost === 0;
          return (
            RETRIED_BY_DEFAULT.has(decision.errorClass) &&
            attemptsMade < maxAttempts &&
            decision.delayMs >= 0 &&
            decision.delayMs <= DEFAULT_MAX_DELAY_MS
          );
        },
      ),
    );
  });

  it('an override saying always-retry still never retries aborted or mismatch, nor after maxAttempts', () => {
    fc.assert(
      fc.property(sdkLikeError, fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 10 }), (error, attemptsMade, maxAttempts) => {
        const policy = new RetryPolicy({ maxAttempts, retryable: () => true, random: () => 0, now: () => NOW });
        const decision = policy.decide(error, attemptsMade);
        if (!decision.retry) return true;
        return decision.errorClass !== 'aborted' && decision.errorClass !== 'mismatch' && attemptsMade < maxAttempts;
      }),
    );
  });
});
