import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** HTTP requests a client has sent, counted per attempt (retries included). */
export interface RequestCounter {
  /** All requests so far, every operation. */
  readonly total: number;
  /** Per operation name ('PutItem', 'GetItem', ...); a copy, taken when read. */
  readonly byOperation: Readonly<Record<string, number>>;
  /** Sets every count back to zero; counting goes on. */
  reset(): void;
}

const COUNTER_MIDDLEWARE_NAME = 'retrysafeRequestCounter';
const COMMAND_SUFFIX = /Command$/;

/**
 * Counts what `client` puts on the wire, from the deserialize step: that
 * step runs once per attempt, inside the retry loop.
 */
export function countRequests(client: DynamoDBClient): RequestCounter {
  let byOperation: Record<string, number> = {};
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = String(context.commandName ?? 'unknown').replace(COMMAND_SUFFIX, '');
      byOperation[operation] = (byOperation[operation] ?? 0) + 1;
      return next(args);
    },
    { step: 'deserialize', name: COUNTER_MIDDLEWARE_NAME, override: true },
  );
  return {
    get total() {
      return Object.values(byOperation).reduce((sum, count) => sum + count, 0);
    },
    get byOperation() {
      return { ...byOperation };
    },
    reset() {
      byOperation = {};
    },
  };
}
