import { runWithIdempotencyKey } from '@retrysafe/aws';
import type { Context } from 'aws-lambda';
import type { BatchOptions, BatchResponse, RecordHandler } from './batch-options.js';
import { checkSafetyMargin, DEFAULT_SAFETY_MARGIN_MS, invocationDeadline } from './deadline.js';
import { invocationKey } from './invocation-key.js';

/** How one kind of batch is keyed and reported. */
export interface BatchPlan<Rec> {
  /** The record's own key (unscoped). */
  readonly recordKey: (record: Rec) => string;
  /** What the partial batch response names the record by. */
  readonly itemIdentifier: (record: Rec) => string | undefined;
  /**
   * After a failure: 'continue' with the next record (SQS standard queues);
   * 'stop-report-rest' and report every record not done (SQS FIFO: order
   * within a message group must hold); 'stop-report-first' and report only
   * the failed one (streams: Lambda resumes from the lowest reported
   * sequence number, so the rest come back anyway).
   */
  readonly onFailure: 'continue' | 'stop-report-rest' | 'stop-report-first';
}

/**
 * Runs each record in its own key's scope, in order. A record that fails is
 * reported; a record not started because the invocation is past its deadline
 * is reported too (the first record always runs, so a batch always moves).
 * A failed record with no identifier fails the whole batch (rethrown): it
 * cannot be reported alone, and a whole-batch retry loses nothing.
 */
export async function runRecordBatch<Rec>(
  records: readonly Rec[],
  context: Context,
  handleRecord: RecordHandler<Rec>,
  plan: BatchPlan<Rec>,
  options: BatchOptions<Rec>,
): Promise<BatchResponse> {
  if (!Array.isArray(records)) throw new TypeError('retrysafe: the event has no Records array');
  const deadline = invocationDeadline(context, checkSafetyMargin(options.safetyMarginMs ?? DEFAULT_SAFETY_MARGIN_MS));
  const keyOptions = { key: options.key ?? ((record: Rec) => plan.recordKey(record)), scopeKeysToFunction: options.scopeKeysToFunction };
  const failures: { itemIdentifier: string }[] = [];

  const report = (record: Rec, error: unknown): void => {
    const itemIdentifier = plan.itemIdentifier(record);
    if (itemIdentifier === undefined || itemIdentifier.length === 0) throw error;
    failures.push({ itemIdentifier });
  };
  const stop = (from: number, error: unknown): BatchResponse => {
    const rest = plan.onFailure === 'stop-report-first' ? records.slice(from, from + 1) : records.slice(from);
    for (const record of rest) report(record, error);
    return { batchItemFailures: failures };
  };

  for (let index = 0; index < records.length; index++) {
    const record = records[index] as Rec;
    if (index > 0 && deadline !== undefined && Date.now() >= deadline) {
      return stop(index, new Error('retrysafe: the invocation ran out of time before this record started'));
    }
    try {
      const key = invocationKey(record, context, keyOptions);
      await runWithIdempotencyKey(key, async () => handleRecord(record, context), { deadline });
    } catch (error) {
      options.onRecordFailure?.(error, record);
      if (plan.onFailure !== 'continue') return stop(index, error);
      report(record, error);
    }
  }
  return { batchItemFailures: failures };
}
