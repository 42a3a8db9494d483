import { processSqsBatch, processStreamBatch } from '@retrysafe/lambda';
import type { DynamoDBRecord, DynamoDBStreamEvent, KinesisStreamEvent, KinesisStreamRecord, SQSEvent, SQSRecord } from 'aws-lambda';
import { ec2Client, launchInstance } from './support/ec2.js';
import { loadFixture } from './support/fixtures.js';
import { useFakeAws } from './support/fake-aws.js';
import { lambdaContext } from './support/lambda-context.js';

const fake = useFakeAws(66);

/** Each record's body names whether to fail, so a test can script one delivery. */
function failing<Rec>(shouldFail: (record: Rec) => boolean) {
  const client = ec2Client(fake().endpoint);
  const seen: Rec[] = [];
  const launched = new Map<Rec, string>();
  const handle = async (record: Rec) => {
    seen.push(record);
    const instanceId = await launchInstance(client);
    launched.set(record, instanceId);
    if (shouldFail(record)) throw new Error('the step after the launch failed');
  };
  return { handle, seen, launched };
}

describe('processSqsBatch', () => {
  const messageIds = (event: SQSEvent) => event.Records.map((r) => r.messageId);

  it('reports only the failed message; its redelivery reuses its tokens', async () => {
    const event = loadFixture<SQSEvent>('sqs-event');
    const [first, second] = messageIds(event);
    let failSecond = true;
    const run = failing<SQSRecord>((record) => failSecond && record.messageId === second);
    const failures: unknown[] = [];

    const response = await processSqsBatch(event, lambdaContext(), run.handle, { onRecordFailure: (error) => failures.push(error) });
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: second }] });
    expect(failures).toHaveLength(1);
    expect(fake().resources('ec2')).toHaveLength(2);

    // The failed message comes back (with the successful one, as after a timeout): no new instance.
    failSecond = false;
    const redelivered = await processSqsBatch(loadFixture<SQSEvent>('sqs-event'), lambdaContext(), run.handle);
    expect(redelivered).toEqual({ batchItemFailures: [] });
    expect(fake().resources('ec2')).toHaveLength(2);
    expect(new Set(run.launched.values()).size).toBe(2);
    expect(run.seen.map((r) => r.messageId)).toEqual([first, second, first, second]);
  });

  it('gives each message its own scope: two messages, two instances, though the handler is the same', async () => {
    const run = failing<SQSRecord>(() => false);
    await processSqsBatch(loadFixture<SQSEvent>('sqs-event'), lambdaContext(), run.handle);
    const instances = fake().resources('ec2');
    expect(instances).toHaveLength(2);
    expect(new Set(instances.map((i) => i.clientToken)).size).toBe(2);
  });

  it('stops a FIFO batch at the first failure and reports every message not done', async () => {
    const event = loadFixture<SQSEvent>('sqs-fifo-event');
    const [first, second, third] = messageIds(event);
    const run = failing<SQSRecord>((record) => record.messageId === second);

    const response = await processSqsBatch(event, lambdaContext(), run.handle);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: second }, { itemIdentifier: third }]);
    expect(run.seen.map((r) => r.messageId)).toEqual([first, second]);
  });

  it('starts no message past the deadline, but always the first, and reports the rest', async () => {
    const event = loadFixture<SQSEvent>('sqs-fifo-event');
    // Make it a standard queue: nothing stops the batch but the clock.
    for (const record of event.Records) {
      record.eventSourceARN = 'arn:aws:sqs:us-east-2:123456789012:standard';
      delete record.attributes.MessageGroupId;
    }
    const [first, second, third] = messageIds(event);
    const run = failing<SQSRecord>(() => false);

    const response = await processSqsBatch(event, lambdaContext({ remainingMs: 300 }), run.handle);
    expect(run.seen.map((r) => r.messageId)).toEqual([first]);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: second }, { itemIdentifier: third }]);
  });

  it('processes an empty batch to an empty response', async () => {
    const run = failing<SQSRecord>(() => false);
    expect(await processSqsBatch({ Records: [] }, lambdaContext(), run.handle)).toEqual({ batchItemFailures: [] });
  });

  it('fails the whole batch when a failed message has no ID to report', async () => {
    const event = loadFixture<SQSEvent>('sqs-event');
    event.Records[1]!.messageId = '';
    const run = failing<SQSRecord>(() => false);
    await expect(processSqsBatch(event, lambdaContext(), run.handle)).rejects.toMatchObject({ name: 'IdempotencyKeyError', reason: 'missing' });
  });

  it('refuses an event without records', async () => {
    const run = failing<SQSRecord>(() => false);
    await expect(processSqsBatch({} as SQSEvent, lambdaContext(), run.handle)).rejects.toThrow(/no Records array/);
  });
});

describe('processStreamBatch', () => {
  it('stops a Kinesis batch at the first failure and reports its sequence number', async () => {
    const event = loadFixture<KinesisStreamEvent>('kinesis-event');
    const [first] = event.Records;
    const run = failing<KinesisStreamRecord>((record) => record === event.Records[0]);

    const response = await processStreamBatch(event, lambdaContext(), run.handle);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: first!.kinesis.sequenceNumber }] });
    expect(run.seen).toEqual([first]);
  });

  it('resumes a DynamoDB stream from the failed record; records that ran reuse their tokens', async () => {
    const event = loadFixture<DynamoDBStreamEvent>('dynamodb-stream-event');
    const failAt = event.Records[1]!.eventID;
    let failing2nd = true;
    const run = failing<DynamoDBRecord>((record) => failing2nd && record.eventID === failAt);

    const response = await processStreamBatch(event, lambdaContext(), run.handle);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[1]!.dynamodb!.SequenceNumber! }] });
    expect(run.seen.map((r) => r.eventID)).toEqual(event.Records.slice(0, 2).map((r) => r.eventID));

    // Lambda retries from the reported record; a retry of the whole batch is just as safe.
    failing2nd = false;
    const retried = await processStreamBatch(loadFixture<DynamoDBStreamEvent>('dynamodb-stream-event'), lambdaContext(), run.handle);
    expect(retried).toEqual({ batchItemFailures: [] });
    expect(fake().resources('ec2')).toHaveLength(3);
  });

  it('refuses records that are not from a stream', async () => {
    const run = failing<KinesisStreamRecord>(() => false);
    const sqs = loadFixture<{ Records: KinesisStreamRecord[] }>('sqs-event');
    await expect(processStreamBatch(sqs, lambdaContext(), run.handle)).rejects.toMatchObject({ name: 'IdempotencyKeyError', reason: 'invalid' });
    expect(run.seen).toHaveLength(0);
  });
});
