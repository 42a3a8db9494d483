import type { Context } from 'aws-lambda';
import type { WithIdempotencyOptions } from './options.js';
import { withIdempotency } from './with-idempotency.js';

/**
 * A Middy execution mode (`executionModeStandard` from '@middy/core', or
 * any mode whose handler takes `(event, context)`). Typed loosely on purpose:
 * '@middy/core' is an optional peer, never imported here.
 */
export type MiddyExecutionMode = (...args: never[]) => unknown;

/** The handler an execution mode returns: Middy adds `.use`, `.before`, ... to it. */
interface MiddyModeHandler {
  (event: unknown, context: Context): unknown;
  handler?: (replacement: unknown) => unknown;
}

/**
 * Runs each invocation of a Middy handler, before-middlewares, handler and
 * after-middlewares alike, inside its idempotency scope, with the retry
 * deadline from the context:
 *
 *     middy(handler, { executionMode: idempotencyExecutionMode(executionModeStandard) }).use(...)
 *
 * Why not a `before` middleware: AsyncLocalStorage reaches the handler only
 * from a scope that wraps it (`run`). A before hook cannot wrap; its only way
 * in is `enterWith`, which also sets the scope of the code that called the
 * Middy handler, so one invocation's key would leak into the Lambda
 * runtime's loop, the next invocation and, on a runtime serving several
 * invocations at once, into its neighbours: a wrong token is worse than none.
 * The execution mode (Middy 7 and later) is Middy's own wrapper around the
 * whole request; on any version, `withIdempotency(middy(...))` does the same.
 */
export function idempotencyExecutionMode<E = unknown, R = unknown>(
  baseMode: MiddyExecutionMode,
  options: WithIdempotencyOptions<E, R> = {},
): MiddyExecutionMode {
  if (typeof baseMode !== 'function') {
    throw new TypeError("retrysafe: idempotencyExecutionMode needs Middy's base mode, e.g. executionModeStandard from '@middy/core'");
  }
  return (...args: never[]) => {
    const inner = baseMode(...args) as MiddyModeHandler;
    const scoped = withIdempotency((event: E, context: Context) => inner(event, context) as R | Promise<R>, options);
    const outer: MiddyModeHandler = (event, context) => scoped(event as E, context);
    // `.handler(fn)` swaps the base handler inside the mode; keep it chainable on ours.
    outer.handler = (replacement: unknown) => {
      inner.handler?.(replacement);
      return outer;
    };
    return outer;
  };
}
