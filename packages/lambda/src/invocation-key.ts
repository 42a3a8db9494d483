import type { Context } from 'aws-lambda';
import type { EventKey } from './event-kind.js';
import { eventIdempotencyKey } from './event-key.js';
import { IdempotencyKeyError } from './idempotency-key-error.js';
import type { KeyOptions } from './options.js';
import { scopeKey } from './scoped-key.js';

/** The scoped key one invocation (or one record) runs under. Throws `IdempotencyKeyError`. */
export function invocationKey<E>(event: E, context: Context, options: KeyOptions<E>): string {
  const found = options.key === undefined ? eventIdempotencyKey(event, context, { header: options.header }) : customKey(options.key(event, context));
  return scopeKey(found.key, context, options.scopeKeysToFunction ?? true);
}

function customKey(key: unknown): EventKey {
  if (key === undefined || key === '') {
    throw new IdempotencyKeyError({ reason: 'missing', eventKind: 'custom', message: 'retrysafe: the key function found no idempotency key in the event' });
  }
  if (typeof key !== 'string') {
    throw new IdempotencyKeyError({ reason: 'invalid', eventKind: 'custom', message: `retrysafe: the key function must return a string, got ${typeof key}` });
  }
  return { kind: 'custom', key };
}
