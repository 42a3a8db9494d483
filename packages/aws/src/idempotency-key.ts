import { AsyncLocalStorage } from 'node:async_hooks';
import { ObjectSlot } from './object-slot.js';

/** Longest idempotency key accepted; keys are hashed, the bound only stops accidents. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 1024;

/** A logical operation named by the caller: everything sent inside it is keyed. */
export interface IdempotencyScope {
  readonly key: string;
  /** Epoch ms after which no retry may start (e.g. from a Lambda context). */
  readonly deadline: number | undefined;
  /** Per service/operation: how many commands of that kind were already sent in this scope. */
  readonly occurrences: Map<string, number>;
}

/** Options of `runWithIdempotencyKey`. */
export interface RunWithIdempotencyKeyOptions {
  /** Epoch ms after which no retry may start. */
  readonly deadline?: number;
}

const scopeStorage = new AsyncLocalStorage<IdempotencyScope>();
const commandKeys = new ObjectSlot<string>('retrysafe.idempotencyKey');

/** Throws unless `key` is a usable idempotency key (a non-empty string of bounded length). */
export function assertKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new TypeError('retrysafe: an idempotency key must be a non-empty string');
  }
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new RangeError(`retrysafe: an idempotency key must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`);
  }
}

/**
 * Runs `fn` with every AWS call inside it keyed by `key`. The n-th command of
 * one operation gets occurrence n, so re-running the same code for the same
 * key (a Lambda retry, an SQS redelivery) yields the same tokens in the same order.
 */
export function runWithIdempotencyKey<T>(key: string, fn: () => T, options: RunWithIdempotencyKeyOptions = {}): T {
  assertKey(key);
  return scopeStorage.run({ key, deadline: options.deadline, occurrences: new Map() }, fn);
}

/** Names the logical operation a single command belongs to. Returns the command. */
export function withIdempotencyKey<C extends object>(command: C, key: string): C {
  assertKey(key);
  commandKeys.set(command, key);
  return command;
}

/** The scope of the running `runWithIdempotencyKey`, if any. */
export function currentIdempotencyScope(): IdempotencyScope | undefined {
  return scopeStorage.getStore();
}

/** The key set on this command by `withIdempotencyKey`, if any. */
export function commandIdempotencyKey(command: object): string | undefined {
  return commandKeys.get(command);
}

/** Takes the next occurrence number of `operationId` in `scope`. */
export function nextOccurrence(scope: IdempotencyScope, operationId: string): number {
  const occurrence = scope.occurrences.get(operationId) ?? 0;
  scope.occurrences.set(operationId, occurrence + 1);
  return occurrence;
}
