import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { BatchOptions, RecordHandler } from './batch-options.js';
import { runRecordBatch } from './record-batch.js';
import { sqsRecordKey } from './record-keys.js';

const FIFO_QUEUE_SUFFIX = '.fifo';

/**
 * Runs `handleRecord` once per message, each in its own idempotency scope
 * keyed by the message ID, and returns a partial batch response naming only
 * the failed messages (turn on `ReportBatchItemFailures` on the event source
 * mapping). A message redelivered (after a failure or a timeout) gets the
 * same tokens, so what its first delivery created is found, not made again.
 * FIFO queues stop at the first failure and report every message not done,
 * so a message group stays in order.
 */
export function processSqsBatch(
  event: SQSEvent,
  context: Context,
  handleRecord: RecordHandler<SQSRecord>,
  options: BatchOptions<SQSRecord> = {},
): Promise<SQSBatchResponse> {
  const records = event?.Records;
  const fifo = Array.isArray(records) && records.some(isFifoRecord);
  return runRecordBatch(
    records,
    context,
    handleRecord,
    {
      recordKey: sqsRecordKey,
      itemIdentifier: (record) => record.messageId,
      onFailure: fifo ? 'stop-report-rest' : 'continue',
    },
    options,
  );
}

function isFifoRecord(record: SQSRecord): boolean {
  return record?.eventSourceARN?.endsWith(FIFO_QUEUE_SUFFIX) === true || record?.attributes?.MessageGroupId !== undefined;
}
