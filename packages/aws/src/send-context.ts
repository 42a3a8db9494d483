import { AsyncLocalStorage } from 'node:async_hooks';
import type { RetrysafeEventListener } from './events.js';

/** What the retry strategy needs to know about the send it is retrying. */
export interface SendContext {
  readonly service: string;
  readonly operation: string;
  readonly token: () => string | undefined;
  /** Epoch ms after which no retry may start, from the key's scope. */
  readonly deadline: number | undefined;
  readonly emit: RetrysafeEventListener;
}

// The SDK's retry loop runs inside `send`'s async context, so a store set
// around `next()` reaches the strategy without touching the shared context.
const sendStorage = new AsyncLocalStorage<SendContext>();

export function runInSendContext<T>(context: SendContext, fn: () => T): T {
  return sendStorage.run(context, fn);
}

export function currentSendContext(): SendContext | undefined {
  return sendStorage.getStore();
}
