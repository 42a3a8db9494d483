import { startFakeAws, type FakeAwsServer } from '@retrysafe/fake-aws';
import type { RetrysafeEvent } from '@retrysafe/aws';
import type { SQSRecord } from 'aws-lambda';
import { createHandler, type HandlerOptions } from '../src/handler.js';
import { runDemo } from '../src/demo.js';
import { sampleContext, sampleEvent } from '../src/sample-event.js';

const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };
const FULL_TIME_MS = 30_000;
/** How long fake-aws holds the timed-out invocation's share request: long enough to overlap the redelivery. */
const SLOW_SHARE_MS = 200;

let fake: FakeAwsServer;
beforeAll(async () => {
  fake = await startFakeAws({ seed: 60, faults: { latencyMs: SLOW_SHARE_MS } });
});
afterAll(async () => {
  await fake?.close();
});
beforeEach(() => fake.reset());

/** A handler as one execution environment has it: its own clients and in-memory store. */
function environment(options: Omit<HandlerOptions, 'endpoint'> = {}) {
  const failures: { error: unknown; record: SQSRecord }[] = [];
  const handler = createHandler({
    endpoint: fake.endpoint,
    region: 'us-east-1',
    credentials: CREDENTIALS,
    onRecordFailure: (error, record) => failures.push({ error, record }),
    ...options,
    retrysafe: { random: () => 0, ...options.retrysafe },
  });
  return { handler, failures };
}

function held() {
  return { stacks: fake.resources('cloudformation').length, shares: fake.resources('ram').length };
}

describe('the lambda-sqs example handler', () => {
  it('creates one stack and one share for a message delivered three times: a lost response, then a timeout', async () => {
    const event = sampleEvent();
    const messageId = event.Records[0]!.messageId;

    // 1. fake-aws creates the stack and loses the response; no retry inside this invocation.
    const first = environment({ retrysafe: { maxAttempts: 1 } });
    fake.injectNext('reset-after', 1, { service: 'cloudformation', operation: 'CreateStack' });
    expect(await first.handler(event, sampleContext(FULL_TIME_MS, 'invocation-1'))).toEqual({ batchItemFailures: [{ itemIdentifier: messageId }] });
    expect(held()).toEqual({ stacks: 1, shares: 0 });
    const lostToken = (first.failures[0]?.error as { idempotencyToken?: string }).idempotencyToken;
    expect(lostToken).toBeDefined();

    // 2. The redelivery finds the stack by its token; its share request is slow, and the
    //    invocation times out while that request is in flight (Lambda stops waiting for it).
    let shareSent!: () => void;
    const timedOut = new Promise<void>((resolve) => (shareSent = resolve));
    const onEvent = (e: RetrysafeEvent) => {
      if (e.operation === 'CreateResourceShare' && (e.type === 'token-issued' || e.type === 'token-reused')) shareSent();
    };
    const second = environment({ retrysafe: { onEvent } });
    fake.injectNext('latency', 1, { service: 'ram', operation: 'CreateResourceShare' });
    const abandoned = second.handler(sampleEvent(messageId, 2), sampleContext(FULL_TIME_MS, 'invocation-2'));
    await timedOut;

    // 3. SQS redelivers after the visibility timeout, to a new execution environment.
    const third = environment();
    expect(await third.handler(sampleEvent(messageId, 3), sampleContext(FULL_TIME_MS, 'invocation-3'))).toEqual({ batchItemFailures: [] });
    await abandoned; // the frozen invocation's request lands too, with the same token

    expect(held()).toEqual({ stacks: 1, shares: 1 });
    expect(fake.resources('cloudformation')[0]?.clientRequestToken).toBe(lostToken);
    const shareToken = fake.resources('ram')[0]!.clientToken;
    expect(fake.stats().attemptsByToken[shareToken]).toBe(2);
  });

  it('with 300 ms left and throttling, fails fast instead of sleeping past the end, and the error carries the token', async () => {
    const hurried = environment({ retrysafe: { maxAttempts: 5, random: () => 1 - Number.EPSILON } });
    fake.injectNext('throttle', 3, { service: 'cloudformation', operation: 'CreateStack' });
    const event = sampleEvent();

    const response = await hurried.handler(event, sampleContext(300, 'invocation-1'));
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0]!.messageId }]);
    const error = hurried.failures[0]?.error as Error & { idempotencyToken?: string; $metadata?: { attempts?: number } };
    expect(error.name).toBe('Throttling');
    expect(error.$metadata?.attempts).toBe(1);
    expect(fake.stats().requestsByOperation['cloudformation:CreateStack']).toBe(1);
    expect(error.idempotencyToken).toMatch(/^[0-9a-f-]{36}$/);

    // The redelivery has time: it waits out the two throttles left and creates the stack with that token.
    const patient = environment({ retrysafe: { maxAttempts: 5 } });
    expect(await patient.handler(sampleEvent(undefined, 2), sampleContext(FULL_TIME_MS, 'invocation-2'))).toEqual({ batchItemFailures: [] });
    expect(fake.resources('cloudformation').map((s) => s.clientRequestToken)).toEqual([error.idempotencyToken]);
    expect(held()).toEqual({ stacks: 1, shares: 1 });
  });

  it('fails a malformed message alone, before anything is sent', async () => {
    const { handler, failures } = environment();
    const event = sampleEvent();
    const broken = { ...sampleEvent('7b4e2a90-1c3d-4f5e-8a6b-9c0d1e2f3a4b').Records[0]!, body: '{"customer":"ACME!"}' };
    event.Records.push(broken);

    expect(await handler(event, sampleContext(FULL_TIME_MS, 'invocation-1'))).toEqual({ batchItemFailures: [{ itemIdentifier: broken.messageId }] });
    expect(failures.map((f) => (f.error as Error).name)).toEqual(['InvalidMessageError']);
    expect(held()).toEqual({ stacks: 1, shares: 1 });
    expect(fake.stats().requestsByOperation['cloudformation:CreateStack']).toBe(1);
  });

  it('runs as the README says: three deliveries, one stack, one share', async () => {
    const lines: string[] = [];
    const result = await runDemo((line) => lines.push(line), undefined);
    expect(result).toEqual({ deliveries: [{ failedMessages: 1 }, { failedMessages: 0 }, { failedMessages: 0 }], stacks: 1, shares: 1 });
    expect(lines.at(-1)).toMatch(/1 stack and 1 resource share for 3 deliveries/);
  });
});
