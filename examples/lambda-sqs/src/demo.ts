import { startFakeAws, type FakeAwsServer } from '@retrysafe/fake-aws';
import { ENDPOINT_VARIABLE } from './clients.js';
import { createHandler } from './handler.js';
import { sampleContext, sampleEvent } from './sample-event.js';

// `pnpm --filter @retrysafe/example-lambda-sqs start`: delivers one SQS message
// three times to the handler, the way Lambda does after a lost response and a
// timeout, against fake-aws (in-process unless RETRYSAFE_AWS_ENDPOINT is set),
// and prints what AWS holds afterwards.

const INVOCATION_TIME_MS = 30_000;
const FAKE_CREDENTIALS = { accessKeyId: 'example', secretAccessKey: 'example' };

export interface DemoResult {
  readonly deliveries: readonly { readonly failedMessages: number }[];
  /** Stacks and shares fake-aws holds (undefined against another endpoint). */
  readonly stacks: number | undefined;
  readonly shares: number | undefined;
}

export async function runDemo(log: (line: string) => void, endpoint = process.env[ENDPOINT_VARIABLE] || undefined): Promise<DemoResult> {
  const fake: FakeAwsServer | undefined = endpoint === undefined ? await startFakeAws() : undefined;
  const target = endpoint ?? fake?.endpoint;
  log(`AWS endpoint: ${target}${fake === undefined ? '' : ' (fake-aws, in this process)'}`);
  try {
    const options = {
      endpoint: target,
      region: 'us-east-1',
      credentials: FAKE_CREDENTIALS,
      // No retries inside an invocation: here the redeliveries do the work.
      retrysafe: { maxAttempts: 1 },
      onRecordFailure: (error: unknown) => log(`  failed: ${describeError(error)}`),
    };
    const deliveries = [];

    log('1. first delivery; fake-aws creates the stack but loses the response');
    fake?.injectNext('reset-after', 1, { service: 'cloudformation', operation: 'CreateStack' });
    deliveries.push(await deliver(createHandler(options), 1, log));

    log('2. redelivery: the stack is found by its token, the share is created');
    deliveries.push(await deliver(createHandler(options), 2, log));

    log('3. redelivery after a timeout, in a new execution environment (empty in-memory store)');
    deliveries.push(await deliver(createHandler(options), 3, log));

    const stacks = fake?.resources('cloudformation').length;
    const shares = fake?.resources('ram').length;
    if (fake !== undefined) log(`fake-aws now holds ${stacks} stack and ${shares} resource share for 3 deliveries of one message.`);
    return { deliveries, stacks, shares };
  } finally {
    await fake?.close();
  }
}

async function deliver(handler: ReturnType<typeof createHandler>, receiveCount: number, log: (line: string) => void) {
  const response = await handler(sampleEvent(undefined, receiveCount), sampleContext(INVOCATION_TIME_MS, `invocation-${receiveCount}`));
  const failedMessages = response.batchItemFailures.length;
  log(`  batchItemFailures: ${failedMessages === 0 ? 'none' : failedMessages}`);
  return { failedMessages };
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const token = (error as { idempotencyToken?: unknown }).idempotencyToken;
  return typeof token === 'string' ? `${error.name}, token ${token} (the redelivery reuses it)` : error.name;
}
