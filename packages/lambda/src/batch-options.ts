import type { Context } from 'aws-lambda';

/** Handles one record; a throw (or rejection) marks the record failed. */
export type RecordHandler<Rec> = (record: Rec, context: Context) => unknown;

/** Options of `processSqsBatch` and `processStreamBatch`. */
export interface BatchOptions<Rec> {
  /** Your own per-record key (an order ID in the body, say). Default: the record's ID. */
  readonly key?: (record: Rec, context: Context) => string | undefined;
  /** Prefix keys with the function's name (and tenant). Default true. */
  readonly scopeKeysToFunction?: boolean;
  /** Kept back from the invocation's end. Default `DEFAULT_SAFETY_MARGIN_MS`. */
  readonly safetyMarginMs?: number;
  /**
   * Told about each failed record, for logging. The error of an AWS call
   * carries its token (`idempotencyToken`), which the redelivery will reuse.
   */
  readonly onRecordFailure?: (error: unknown, record: Rec) => void;
}

/** A partial batch response: only the failed records come back. */
export interface BatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}
