import { RetrysafeError } from '@retrysafe/core';
import type { EventKind } from './event-kind.js';

/**
 * Why no key could be taken from an event:
 * - 'missing': the event carries none (no `Idempotency-Key` header, an empty message ID);
 * - 'invalid': the key it carries is unusable (too long, not printable ASCII, two different values);
 * - 'multiple-records': a batch of records has no one key; process it record by record.
 */
export type IdempotencyKeyErrorReason = 'missing' | 'invalid' | 'multiple-records';

/** What an `IdempotencyKeyError` is built from. */
export interface IdempotencyKeyErrorInit {
  readonly reason: IdempotencyKeyErrorReason;
  readonly eventKind: EventKind;
  readonly message: string;
  /** The header that was looked for, for HTTP events. */
  readonly header?: string;
}

/**
 * An invocation has no usable idempotency key, so nothing ran: the handler
 * is not called and no AWS request is sent. Not retryable: the same event
 * will fail the same way. For HTTP events answer 400 (see `onMissingKey`).
 */
export class IdempotencyKeyError extends RetrysafeError {
  override readonly name = 'IdempotencyKeyError';
  readonly retryable = false;
  readonly reason: IdempotencyKeyErrorReason;
  readonly eventKind: EventKind;
  readonly header: string | undefined;

  constructor(init: IdempotencyKeyErrorInit) {
    super(init.message);
    this.reason = init.reason;
    this.eventKind = init.eventKind;
    this.header = init.header;
  }
}
