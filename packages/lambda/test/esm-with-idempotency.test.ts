import { IdempotencyKeyError, withIdempotency } from '@retrysafe/lambda';
import type { Context } from 'aws-lambda';
import { ec2Client, launchInstance } from './support/ec2.js';
import { ESM_FIXTURE_NAMES, loadEsmFixture, singleDelivery, type EsmFixtureName } from './support/esm-fixtures.js';
import { useFakeAws } from './support/fake-aws.js';
import { lambdaContext } from './support/lambda-context.js';
import { rejection } from './support/rejection.js';

// An event source mapping (Kafka, Amazon MQ, DocumentDB) or a pipe retries a
// failed batch as a new invocation with a new request ID: the key must come
// from the record, or the retry derives new tokens and creates again.

const fake = useFakeAws(7);

/** A handler that launches one instance per invocation, wrapped. */
function launcher(client = ec2Client(fake().endpoint)) {
  let calls = 0;
  const handler = withIdempotency(async (_event: unknown, _context: Context) => {
    calls++;
    return launchInstance(client);
  });
  return { handler, calls: () => calls };
}

/** The ClientToken of every RunInstances request fake-aws received, in order. */
function runInstancesTokens(): (string | undefined)[] {
  return fake()
    .requests()
    .filter((request) => request.operation === 'RunInstances')
    .map((request) => request.token);
}

describe('withIdempotency: a batch retried as a new invocation', () => {
  it('sends the same ClientToken when MSK redelivers a record under a new request ID, and launches one instance', async () => {
    const { handler } = launcher(ec2Client(fake().endpoint, { maxAttempts: 1 }));
    // The first delivery creates the instance, but its response is lost: the batch fails.
    fake().injectNext('reset-after', 1, { service: 'ec2', operation: 'RunInstances' });
    const lost = (await rejection(handler(loadEsmFixture('msk-event'), lambdaContext({ awsRequestId: 'b7e1c0d2-1111-4a5b-8c9d-000000000001' })))) as Error & {
      idempotencyToken?: string;
    };
    expect(fake().resources('ec2')).toHaveLength(1);

    // The event source mapping retries the same batch: a new invocation, a new request ID.
    const instanceId = await handler(loadEsmFixture('msk-event'), lambdaContext({ awsRequestId: 'c8f2d1e3-2222-4b6c-9d0e-000000000002' }));

    const tokens = runInstancesTokens();
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(tokens[1]).toBe(tokens[0]);
    expect(lost.idempotencyToken).toBe(tokens[0]);
    expect(fake().resources('ec2').map((instance) => instance.instanceId)).toEqual([instanceId]);
  });

  it('launches one instance per record of every source, however often and through whichever path it comes', async () => {
    const { handler } = launcher();
    const keyed = ESM_FIXTURE_NAMES.filter((name) => name !== 's3-batch-event');
    const byFixture = new Map<EsmFixtureName, string>();
    for (const [attempt, name] of keyed.entries()) {
      const first = await handler(singleDelivery(name), lambdaContext({ awsRequestId: `0000000${attempt}-aaaa-4000-8000-000000000001` }));
      const retry = await handler(singleDelivery(name), lambdaContext({ awsRequestId: `0000000${attempt}-bbbb-4000-8000-000000000002` }));
      expect(retry).toBe(first);
      byFixture.set(name, first);
    }
    // A Kafka record is one record whether a mapping or a pipe delivers it.
    expect(byFixture.get('pipes-msk-event')).toBe(byFixture.get('msk-event'));
    expect(byFixture.get('pipes-self-managed-kafka-event')).toBe(byFixture.get('self-managed-kafka-event'));
    const distinct = new Set(byFixture.values()).size;
    expect(distinct).toBe(keyed.length - 2);
    expect(fake().resources('ec2')).toHaveLength(distinct);
  });

  it('runs nothing for an S3 Batch Operations task, which has no key that survives a retry', async () => {
    const { handler, calls } = launcher();
    const error = await rejection(handler(loadEsmFixture('s3-batch-event'), lambdaContext()));
    expect(error).toBeInstanceOf(IdempotencyKeyError);
    expect(error).toMatchObject({ reason: 'missing', eventKind: 's3-batch' });
    expect(calls()).toBe(0);
    expect(fake().stats().requests).toBe(0);
  });
});
