import { AsyncLocalStorage } from 'node:async_hooks';
import { isWellFormed } from '@retrysafe/core';
import { ObjectSlot } from './object-slot.js';

/** Longest idempotency key accepted; keys are hashed, the bound only stops accidents. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 1024;

/**
 * A logical operation named by the caller: everything sent inside it is keyed.
 * A scope from `runWithDeadline` alone has no key: it only bounds retries.
 */
export interface IdempotencyScope {
  readonly key: string | undefined;
  /** Epoch ms after which no retry may start (e.g. from a Lambda context). */
  readonly deadline: number | undefined;
  /** Per service/operation: how many commands of that kind were already sent in this scope. */
  readonly occurrences: Map<string, number>;
}

/** Options of `runWithIdempotencyKey`. */
export interface RunWithIdempotencyKeyOptions {
  /**
   * Epoch ms after which no retry may start. Inside another scope with a
   * deadline, the earlier of the two holds.
   */
  readonly deadline?: number;
}

const scopeStorage = new AsyncLocalStorage<IdempotencyScope>();
const commandKeys = new ObjectSlot<string>('retrysafe.idempotencyKey');

/** Throws unless `key` is a usable idempotency key (a non-empty, well-formed string of bounded length). */
export function assertKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new TypeError('retrysafe: an idempotency key must be a non-empty string');
  }
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new RangeError(`retrysafe: an idempotency key must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`);
  }
  // Keys are hashed as UTF-8, which turns every lone surrogate into U+FFFD: two such keys would share tokens.
  if (!isWellFormed(key)) {
    throw new TypeError('retrysafe: an idempotency key must be well-formed Unicode (it has a lone surrogate)');
  }
}

/**
 * Runs `fn` with every AWS call inside it keyed by `key`. The n-th command of
 * one operation gets occurrence n, so re-running the same code for the same
 * key (a Lambda retry, an SQS redelivery) yields the same tokens in the same order.
 */
export function runWithIdempotencyKey<T>(key: string, fn: () => T, options: RunWithIdempotencyKeyOptions = {}): T {
  assertKey(key);
  const deadline = earlierDeadline(checkDeadline(options.deadline), scopeStorage.getStore()?.deadline);
  return scopeStorage.run({ key, deadline, occurrences: new Map() }, fn);
}

/**
 * Runs `fn` with no retry of any AWS call inside it starting after
 * `deadline` (epoch ms), keyed or not; `undefined` adds no deadline of its
 * own. Inside `runWithIdempotencyKey` the key and its occurrence count carry
 * on, and the earlier deadline holds.
 */
export function runWithDeadline<T>(deadline: number | undefined, fn: () => T): T {
  const outer = scopeStorage.getStore();
  const checked = checkDeadline(deadline);
  return scopeStorage.run(
    {
      key: outer?.key,
      deadline: earlierDeadline(checked, outer?.deadline),
      // Shared, not copied: commands sent inside still count as the key's next occurrences.
      occurrences: outer?.occurrences ?? new Map(),
    },
    fn,
  );
}

/** A deadline must be a real point in time: NaN would make every retry decision throw, so none would happen. */
function checkDeadline(deadline: number | undefined): number | undefined {
  if (deadline === undefined || Number.isFinite(deadline)) return deadline;
  throw new RangeError(`retrysafe: a deadline must be a finite epoch time in ms, not ${String(deadline)}`);
}

function earlierDeadline(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  return b === undefined ? a : Math.min(a, b);
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
