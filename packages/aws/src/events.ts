import type { ErrorClass } from '@retrysafe/core';

/** Where a reused token came from. */
export type TokenReuseSource = 'caller' | 'command' | 'store';

interface EventBase {
  /** The client's service, as the SDK names the client ('EC2', 'CloudFormation', 'RAM', ...). */
  readonly service: string;
  readonly operation: string;
}

/** A new token was made for a logical operation. */
export interface TokenIssuedEvent extends EventBase {
  readonly type: 'token-issued';
  readonly token: string;
  /** 'derived' for keyed calls (HMAC of the key), 'random' otherwise. */
  readonly source: 'random' | 'derived';
  readonly keyed: boolean;
}

/** An existing token was used again: the caller's own, the command's, or the store's. */
export interface TokenReusedEvent extends EventBase {
  readonly type: 'token-reused';
  readonly token: string;
  readonly source: TokenReuseSource;
}

/** The SDK's retry loop will try again after `delayMs`. */
export interface RetryEvent extends EventBase {
  readonly type: 'retry';
  readonly token: string | undefined;
  /** The attempt about to be made (2 for the first retry). */
  readonly attempt: number;
  readonly errorClass: ErrorClass;
  /** The failed attempt's error name (never its message: it can quote parameters). */
  readonly errorName: string;
  readonly delayMs: number;
}

/** A token was reused with other parameters. */
export interface MismatchEvent extends EventBase {
  readonly type: 'mismatch';
  readonly token: string;
  readonly source: 'local' | 'service';
  readonly serviceCode: string | undefined;
  readonly changedPaths: readonly string[];
}

/** The token store failed; `proceeded` says whether the call went out anyway. */
export interface StoreErrorEvent extends EventBase {
  readonly type: 'store-error';
  readonly store: string;
  readonly action: string;
  readonly errorName: string;
  readonly proceeded: boolean;
}

/** Everything the plugin reports. Never carries parameter values. */
export type RetrysafeEvent = TokenIssuedEvent | TokenReusedEvent | RetryEvent | MismatchEvent | StoreErrorEvent;

/** Receives every `RetrysafeEvent`; must not throw (a throw is ignored). */
export type RetrysafeEventListener = (event: RetrysafeEvent) => void;

interface DebugLogger {
  debug?: (...content: unknown[]) => void;
}

/**
 * One emitter per client handler: calls the caller's listener and writes a
 * debug line to the client's logger. A listener that throws never breaks a
 * send: observability must not change what is sent.
 */
export function createEmitter(
  listener: RetrysafeEventListener | undefined,
  logger: DebugLogger | undefined,
): RetrysafeEventListener {
  return (event) => {
    logger?.debug?.(`retrysafe: ${describeEvent(event)}`);
    if (listener === undefined) return;
    try {
      listener(event);
    } catch {
      // Ignored on purpose (see above).
    }
  };
}

function describeEvent(event: RetrysafeEvent): string {
  const where = `${event.service}.${event.operation}`;
  switch (event.type) {
    case 'token-issued':
      return `${where} token issued (${event.source}${event.keyed ? ', keyed' : ''})`;
    case 'token-reused':
      return `${where} token reused (${event.source})`;
    case 'retry':
      return `${where} retry, attempt ${event.attempt} in ${event.delayMs} ms after ${event.errorName} (${event.errorClass})`;
    case 'mismatch':
      return `${where} idempotency mismatch (${event.source}${event.serviceCode ? `: ${event.serviceCode}` : ''}) on ${event.changedPaths.join(', ') || 'unknown members'}`;
    case 'store-error':
      return `${where} token store '${event.store}' failed to ${event.action} (${event.errorName}); ${event.proceeded ? 'proceeding' : 'nothing sent'}`;
  }
}
