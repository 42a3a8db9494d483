import { IdempotentParameterMismatchError, type RetrysafeEvent } from '@retrysafe/aws';
import {
  DEFAULT_SAFETY_MARGIN_MS,
  IdempotencyKeyError,
  invocationDeadline,
  withIdempotency,
  type WithIdempotencyOptions,
} from '@retrysafe/lambda';
import { createTokenTable, DynamoDbTokenStore } from '@retrysafe/store-dynamodb';
import { localDynamoDbClient, randomTableName, startDynalite, type LocalDynamoDb } from '@retrysafe/store-dynamodb/testing';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context, SQSEvent } from 'aws-lambda';
import { ec2Client, launchInstance } from './support/ec2.js';
import { FIXTURE_NAMES, loadFixture, singleRecordEvent, type FixtureName } from './support/fixtures.js';
import { useFakeAws } from './support/fake-aws.js';
import { lambdaContext } from './support/lambda-context.js';
import { rejection } from './support/rejection.js';

const fake = useFakeAws(6);

/** One delivery of a fixture as Lambda hands it over (batches with one record). */
function deliveryOf(name: FixtureName): unknown {
  const event = loadFixture<{ Records?: unknown[] }>(name);
  return Array.isArray(event.Records) ? singleRecordEvent(name as 'sqs-event') : event;
}

/** A handler that launches one instance per invocation, wrapped. */
function launcher<E>(options: WithIdempotencyOptions<E, string> = {}, client = ec2Client(fake().endpoint)) {
  let calls = 0;
  const handler = withIdempotency(async (_event: E, _context: Context) => {
    calls++;
    return launchInstance(client);
  }, options);
  return { handler, calls: () => calls };
}

function ec2Instances(): number {
  return fake().resources('ec2').length;
}

/** An HTTP API event without its Idempotency-Key header. */
function withoutKey(): APIGatewayProxyEventV2 {
  const event = loadFixture<APIGatewayProxyEventV2>('api-gateway-http-event');
  delete event.headers['idempotency-key'];
  return event;
}

describe('withIdempotency: one event, one operation', () => {
  it('launches one instance per event of every kind, however often it is delivered', async () => {
    const { handler } = launcher<unknown>();
    const context = lambdaContext({ awsRequestId: 'a7c1e5d9-3b2f-4e8a-9d6c-0f1e2d3c4b5a' });
    const byKind = new Map<FixtureName, string>();
    for (const name of FIXTURE_NAMES.filter((n) => n !== 'sqs-fifo-event')) {
      const first = await handler(deliveryOf(name), context);
      const again = await handler(deliveryOf(name), context);
      expect(again).toBe(first);
      byKind.set(name, first);
    }
    expect(new Set(byKind.values()).size).toBe(byKind.size);
    expect(ec2Instances()).toBe(byKind.size);
  });

  it('finds, on redelivery, the instance whose response was lost', async () => {
    const { handler } = launcher<SQSEvent>({}, ec2Client(fake().endpoint, { maxAttempts: 1 }));
    const event = singleRecordEvent<SQSEvent>('sqs-event');
    fake().injectNext('reset-after', 1, { service: 'ec2', operation: 'RunInstances' });

    const lost = (await rejection(handler(event, lambdaContext()))) as Error & { idempotencyToken?: string };
    expect(ec2Instances()).toBe(1);
    const instanceId = await handler(event, lambdaContext({ awsRequestId: 'second-delivery' }));

    const [instance] = fake().resources('ec2');
    expect(ec2Instances()).toBe(1);
    expect(instance?.instanceId).toBe(instanceId);
    expect(instance?.clientToken).toBe(lost.idempotencyToken);
  });

  it('derives the same token after a cold start (a new client and an empty in-memory store)', async () => {
    const event = singleRecordEvent<SQSEvent>('sqs-event');
    const first = await launcher<SQSEvent>().handler(event, lambdaContext());
    const afterColdStart = await launcher<SQSEvent>().handler(event, lambdaContext());
    expect(afterColdStart).toBe(first);
    expect(ec2Instances()).toBe(1);
  });

  it('launches another instance for another message', async () => {
    const { handler } = launcher<SQSEvent>();
    const other = singleRecordEvent<SQSEvent>('sqs-event');
    other.Records[0]!.messageId = '6f0c2a4e-8b1d-4f3a-9e5c-7d2b0a8f6e4c';
    const first = await handler(singleRecordEvent<SQSEvent>('sqs-event'), lambdaContext());
    expect(await handler(other, lambdaContext())).not.toBe(first);
    expect(ec2Instances()).toBe(2);
  });

  it('keeps two functions that get one event apart, unless keys are shared on purpose', async () => {
    const { handler } = launcher<unknown>();
    const sns = () => deliveryOf('sns-event');
    const audit = await handler(sns(), lambdaContext({ functionName: 'audit' }));
    const billing = await handler(sns(), lambdaContext({ functionName: 'billing' }));
    expect(billing).not.toBe(audit);

    const shared = launcher<unknown>({ scopeKeysToFunction: false }).handler;
    expect(await shared(sns(), lambdaContext({ functionName: 'audit' }))).toBe(await shared(sns(), lambdaContext({ functionName: 'billing' })));
    expect(ec2Instances()).toBe(3);
  });

  it('uses your own key function: two messages about one order are one operation', async () => {
    const orderOf = (event: SQSEvent) => (JSON.parse(event.Records[0]?.body ?? '{}') as { order?: string }).order;
    const { handler } = launcher<SQSEvent>({ key: orderOf });
    const resent = singleRecordEvent<SQSEvent>('sqs-event');
    resent.Records[0]!.messageId = 'b3e9f1a7-5c2d-4e8b-a6f0-1d9c7e5b3a2f';
    expect(await handler(resent, lambdaContext())).toBe(await handler(singleRecordEvent<SQSEvent>('sqs-event'), lambdaContext()));
    expect(ec2Instances()).toBe(1);

    const noOrder = singleRecordEvent<SQSEvent>('sqs-event');
    noOrder.Records[0]!.body = '{}';
    const error = await rejection(handler(noOrder, lambdaContext()));
    expect(error).toBeInstanceOf(IdempotencyKeyError);
    expect(error).toMatchObject({ reason: 'missing', eventKind: 'custom' });
  });
});

describe('withIdempotency: requests without a key', () => {
  it("throws a typed error by default, and neither the handler nor AWS is called", async () => {
    const { handler, calls } = launcher<APIGatewayProxyEventV2>();
    const error = await rejection(handler(withoutKey(), lambdaContext()));
    expect(error).toBeInstanceOf(IdempotencyKeyError);
    expect(error).toMatchObject({ reason: 'missing', eventKind: 'api-gateway-http', header: 'Idempotency-Key' });
    expect(calls()).toBe(0);
    expect(fake().stats().requests).toBe(0);
  });

  it("runs unkeyed with 'proceed-unkeyed': each invocation is a new operation", async () => {
    const { handler, calls } = launcher<APIGatewayProxyEventV2>({ onMissingKey: 'proceed-unkeyed' });
    await handler(withoutKey(), lambdaContext());
    await handler(withoutKey(), lambdaContext());
    expect(calls()).toBe(2);
    expect(ec2Instances()).toBe(2);
  });

  it("still refuses an invalid key with 'proceed-unkeyed'", async () => {
    const { handler, calls } = launcher<APIGatewayProxyEventV2>({ onMissingKey: 'proceed-unkeyed' });
    const event = withoutKey();
    event.headers['idempotency-key'] = 'k'.repeat(300);
    expect(await rejection(handler(event, lambdaContext()))).toMatchObject({ name: 'IdempotencyKeyError', reason: 'invalid' });
    expect(calls()).toBe(0);
  });

  it('answers with your function: an HTTP 400', async () => {
    const handler = withIdempotency<APIGatewayProxyEventV2, APIGatewayProxyResultV2>(
      async () => ({ statusCode: 201, body: 'created' }),
      { onMissingKey: (error) => ({ statusCode: 400, body: JSON.stringify({ error: error.name, reason: error.reason }) }) },
    );
    expect(await handler(withoutKey(), lambdaContext())).toEqual({ statusCode: 400, body: '{"error":"IdempotencyKeyError","reason":"missing"}' });
  });

  it('checks its options when wrapping', () => {
    const noop = async () => undefined;
    expect(() => withIdempotency(noop, { onMissingKey: 'ignore' as 'error' })).toThrow(TypeError);
    expect(() => withIdempotency(noop, { safetyMarginMs: -1 })).toThrow(RangeError);
    expect(() => withIdempotency(noop, { safetyMarginMs: Number.NaN })).toThrow(RangeError);
  });
});

describe('withIdempotency: the deadline from the Lambda context', () => {
  const event = () => singleRecordEvent<SQSEvent>('sqs-event');
  const throttleRunInstances = (count: number) => fake().injectNext('throttle', count, { service: 'ec2', operation: 'RunInstances' });

  it('with 300 ms left, fails fast on throttling with the token, and the next invocation carries on with it', async () => {
    const { handler } = launcher<SQSEvent>({}, ec2Client(fake().endpoint, { maxAttempts: 5, random: () => 1 - Number.EPSILON }));
    throttleRunInstances(2);

    const error = (await rejection(handler(event(), lambdaContext({ remainingMs: 300 })))) as Error & {
      idempotencyToken?: string;
      $metadata?: { attempts?: number };
    };
    expect(error.name).toBe('RequestLimitExceeded');
    expect(error.$metadata?.attempts).toBe(1);
    expect(fake().stats().requestsByOperation['ec2:RunInstances']).toBe(1);
    expect(error.idempotencyToken).toMatch(/^[0-9a-f-]{36}$/);

    // The next invocation has time: it retries the one throttle left and lands on the same token.
    const retried = launcher<SQSEvent>({}, ec2Client(fake().endpoint, { maxAttempts: 5 }));
    await retried.handler(event(), lambdaContext({ remainingMs: 60_000 }));
    expect(fake().resources('ec2').map((i) => i.clientToken)).toEqual([error.idempotencyToken]);
  });

  // Full jitter at its largest: the first throttling delay outlasts the 300 ms left.
  const slowRetries = () => ec2Client(fake().endpoint, { maxAttempts: 5, random: () => 1 - Number.EPSILON });
  const launchUnkeyed = async () => launchInstance(slowRetries());

  it.each([
    ["'proceed-unkeyed'", 'proceed-unkeyed' as const],
    ['a function', launchUnkeyed],
  ])('keeps the deadline for an event without a key, handled by %s', async (_name, onMissingKey) => {
    const { handler } = launcher<APIGatewayProxyEventV2>({ onMissingKey }, slowRetries());
    throttleRunInstances(2);

    const error = (await rejection(handler(withoutKey(), lambdaContext({ remainingMs: 300 })))) as Error & { $metadata?: { attempts?: number } };

    expect(error.name).toBe('RequestLimitExceeded');
    expect(error.$metadata?.attempts).toBe(1);
    expect(fake().stats().requestsByOperation['ec2:RunInstances']).toBe(1);
  });

  it('retries when the context cannot tell the time (no deadline)', async () => {
    const { handler } = launcher<SQSEvent>({}, ec2Client(fake().endpoint, { maxAttempts: 3 }));
    throttleRunInstances(1);
    const timeless = { ...lambdaContext() } as Partial<Context>;
    delete timeless.getRemainingTimeInMillis;
    await handler(event(), timeless as Context);
    expect(fake().stats().requestsByOperation['ec2:RunInstances']).toBe(2);
    expect(invocationDeadline(timeless, DEFAULT_SAFETY_MARGIN_MS)).toBeUndefined();
  });

  it('is now + the remaining time − the safety margin', () => {
    const before = Date.now();
    const deadline = invocationDeadline(lambdaContext({ remainingMs: 5_000 }), 1_500);
    const after = Date.now();
    expect(deadline).toBeGreaterThanOrEqual(before + 3_500);
    expect(deadline).toBeLessThanOrEqual(after + 3_500);
  });
});

describe('withIdempotency with the DynamoDB token store', () => {
  let dynamodb: LocalDynamoDb;
  beforeAll(async () => {
    dynamodb = await startDynalite();
  });
  afterAll(async () => {
    await dynamodb?.stop();
  });

  async function openStore(tableName: string): Promise<DynamoDbTokenStore> {
    return new DynamoDbTokenStore({ client: localDynamoDbClient(dynamodb), tableName, destroyClientOnClose: true });
  }

  it('binds one token per message across cold starts, and stops a changed redelivery before AWS', async () => {
    const tableName = randomTableName();
    await createTokenTable({ client: localDynamoDbClient(dynamodb), tableName });
    const stores = [await openStore(tableName), await openStore(tableName)];
    try {
      const events: RetrysafeEvent[] = [];
      const environment = (store: DynamoDbTokenStore) => ec2Client(fake().endpoint, { store, onEvent: (e) => events.push(e) });
      const event = singleRecordEvent<SQSEvent>('sqs-event');

      const first = await launcher<SQSEvent>({}, environment(stores[0]!)).handler(event, lambdaContext());
      const second = await launcher<SQSEvent>({}, environment(stores[1]!)).handler(event, lambdaContext());
      expect(second).toBe(first);
      expect(events.filter((e) => e.type === 'token-reused').map((e) => 'source' in e && e.source)).toEqual(['store']);

      // The same message, but the code now asks for another instance type.
      const changed = withIdempotency(async () => launchInstance(environment(stores[1]!), 't3.large'));
      const mismatch = await rejection(changed(event, lambdaContext()));
      expect(mismatch).toBeInstanceOf(IdempotentParameterMismatchError);
      expect(mismatch).toMatchObject({ source: 'local', changedPaths: ['InstanceType'] });
      expect(ec2Instances()).toBe(1);
      expect(fake().stats().requestsByOperation['ec2:RunInstances']).toBe(2);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });
});
