import type { Context, DynamoDBRecord, KinesisStreamRecord } from 'aws-lambda';
import type { BatchOptions, BatchResponse, RecordHandler } from './batch-options.js';
import { IdempotencyKeyError } from './idempotency-key-error.js';
import { runRecordBatch } from './record-batch.js';
import { dynamoDbStreamRecordKey, kinesisRecordKey } from './record-keys.js';

/** A record of a Kinesis or DynamoDB stream. */
export type StreamRecord = KinesisStreamRecord | DynamoDBRecord;

/**
 * Runs `handleRecord` for each stream record in order, each in its own
 * idempotency scope keyed by its eventID, and stops at the first failure,
 * reporting its sequence number: Lambda retries the batch from there, and
 * the records that already ran get their same tokens again.
 */
export function processStreamBatch<Rec extends StreamRecord>(
  event: { Records: Rec[] },
  context: Context,
  handleRecord: RecordHandler<Rec>,
  options: BatchOptions<Rec> = {},
): Promise<BatchResponse> {
  return runRecordBatch(
    event?.Records,
    context,
    handleRecord,
    { recordKey: streamRecordKey, itemIdentifier: sequenceNumber, onFailure: 'stop-report-first' },
    options,
  );
}

function isKinesisRecord(record: StreamRecord): record is KinesisStreamRecord {
  return record.eventSource === 'aws:kinesis';
}

function streamRecordKey(record: StreamRecord): string {
  if (isKinesisRecord(record)) return kinesisRecordKey(record);
  if (record.eventSource === 'aws:dynamodb') return dynamoDbStreamRecordKey(record);
  throw new IdempotencyKeyError({
    reason: 'invalid',
    eventKind: 'kinesis',
    message: `retrysafe: processStreamBatch takes Kinesis or DynamoDB stream records, got eventSource ${String(record.eventSource)}`,
  });
}

function sequenceNumber(record: StreamRecord): string | undefined {
  return isKinesisRecord(record) ? record.kinesis?.sequenceNumber : record.dynamodb?.SequenceNumber;
}
