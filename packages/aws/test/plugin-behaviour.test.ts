import { AsyncLocalStorage } from 'node:async_hooks';
import { CreateFileSystemCommand, EFSClient } from '@aws-sdk/client-efs';
import { DescribeInstancesCommand, EC2Client, paginateDescribeInstances, RunInstancesCommand, waitUntilInstanceRunning } from '@aws-sdk/client-ec2';
import {
  getIdempotencyToken,
  idempotencyPlugin,
  IdempotentInstanceTerminatedError,
  IdempotentParameterMismatchError,
  InvalidClientTokenError,
  runWithDeadline,
  runWithIdempotencyKey,
  UnsupportedInputError,
  withIdempotencyKey,
  type RetrysafeEvent,
} from '@retrysafe/aws';
import { CountingStore } from './support/counting-store.js';
import { RecordingHandler } from './support/recording-handler.js';
import { ec2Case } from './support/services.js';

const noJitter = { random: () => 0 } as const;

function ec2(options: Parameters<typeof idempotencyPlugin>[0] = {}, region = 'eu-west-1') {
  const handler = new RecordingHandler((request) => ec2Case.success(request));
  const client = ec2Case.makeClient(handler, region);
  client.middlewareStack.use(idempotencyPlugin({ ...noJitter, ...options }));
  return { handler, client };
}

describe('a fourth client: EFS CreateFileSystem (traited CreationToken, restJson)', () => {
  it('injects a stable token the SDK would otherwise make anew on every send', async () => {
    const handler = new RecordingHandler((request) => ({
      kind: 'respond',
      status: 201,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        OwnerId: '123456789012',
        CreationToken: (JSON.parse(request.body) as { CreationToken: string }).CreationToken,
        FileSystemId: 'fs-0001',
        CreationTime: 1_760_000_000,
        LifeCycleState: 'creating',
        NumberOfMountTargets: 0,
        SizeInBytes: { Value: 0 },
        PerformanceMode: 'generalPurpose',
        Tags: [],
      }),
    }));
    handler.next({ kind: 'respond', status: 500, body: '{}', headers: { 'x-amzn-errortype': 'InternalServerError' } });
    const client = new EFSClient({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, requestHandler: handler });
    client.middlewareStack.use(idempotencyPlugin(noJitter));
    const command = new CreateFileSystemCommand({ PerformanceMode: 'generalPurpose', Encrypted: true });

    await client.send(command);
    await client.send(command);

    const tokens = handler.requests.map((r) => (JSON.parse(r.body) as { CreationToken?: string }).CreationToken);
    expect(handler.requests).toHaveLength(3);
    expect(tokens[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(tokens)).toEqual(new Set([getIdempotencyToken(command)]));
    expect(command.input).toEqual({ PerformanceMode: 'generalPurpose', Encrypted: true });
  });
});

describe('failures the plugin raises before sending', () => {
  /** What `send` did when called: returned a promise (its outcome), or threw right away. */
  async function outcomeOf(send: () => Promise<unknown>): Promise<{ returnedPromise: boolean; error: unknown }> {
    let sent: Promise<unknown>;
    try {
      sent = send();
    } catch (error) {
      return { returnedPromise: false, error };
    }
    return sent.then(
      () => ({ returnedPromise: true, error: undefined }),
      (error: unknown) => ({ returnedPromise: true, error }),
    );
  }

  it('reach the caller as a rejected promise from send, never as a throw from the call itself', async () => {
    const { handler, client } = ec2();
    const changed = ec2Case.create();
    await client.send(changed);
    (changed.input as Record<string, unknown>)['InstanceType'] = 't3.large';
    const cyclic: Record<string, unknown> = { Key: 'k', Value: 'v' };
    cyclic['Self'] = cyclic;
    const cases: [string, () => Promise<unknown>, new (...args: never[]) => Error][] = [
      ['a caller token that is not ASCII', () => client.send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1, ClientToken: 'launch-é' })), InvalidClientTokenError],
      // 64 is the limit EC2 documents; its model has no length trait.
      ['a caller token over 64 characters', () => client.send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1, ClientToken: 't'.repeat(65) })), InvalidClientTokenError],
      ['a changed resend', () => client.send(changed), IdempotentParameterMismatchError],
      ['an input with a cycle', () => client.send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1, TagSpecifications: [{ Tags: [cyclic] }] })), UnsupportedInputError],
    ];
    for (const [name, send, type] of cases) {
      const outcome = await outcomeOf(send);
      expect({ name, returnedPromise: outcome.returnedPromise }).toEqual({ name, returnedPromise: true });
      expect(outcome.error).toBeInstanceOf(type);
    }
    expect(handler.requests).toHaveLength(1);
  });
});

describe('a keyed input with a member name no store can file', () => {
  it('is refused as unsupported input, not as a corrupt store record, and nothing is sent', async () => {
    const { handler, client } = ec2();
    for (const name of ['note text', 'Größe', 'k'.repeat(257)]) {
      const input = { ImageId: 'ami-1', MinCount: 1, MaxCount: 1, [name]: 'x' };
      const failure = await runWithIdempotencyKey(`member-${name.length}`, () => client.send(new RunInstancesCommand(input))).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(UnsupportedInputError);
      expect(failure).toMatchObject({ reason: 'member-name', path: name });
    }
    expect(handler.requests).toHaveLength(0);
    // Unkeyed, nothing is stored: the SDK ignores the unknown member and sends.
    await client.send(new RunInstancesCommand({ ImageId: 'ami-1', MinCount: 1, MaxCount: 1, ['note text']: 'x' } as never));
    expect(handler.requests).toHaveLength(1);
  });
});

describe('token scope', () => {
  const launch = (placement?: string, subnet?: string) => {
    const command = ec2Case.create();
    if (placement) (command.input as Record<string, unknown>)['Placement'] = { AvailabilityZone: placement };
    if (subnet) (command.input as Record<string, unknown>)['SubnetId'] = subnet;
    return withIdempotencyKey(command, 'launch-1');
  };

  it('is per Region, and per Availability Zone when RunInstances names one', async () => {
    const tokens: Record<string, string | undefined> = {};
    for (const [name, region, az, subnet] of [
      ['regional', 'eu-west-1', undefined, undefined],
      ['regional-again', 'eu-west-1', undefined, undefined],
      ['other-region', 'us-east-1', undefined, undefined],
      ['zone-a', 'eu-west-1', 'eu-west-1a', undefined],
      ['zone-b', 'eu-west-1', 'eu-west-1b', undefined],
      ['subnet', 'eu-west-1', undefined, 'subnet-0abc'],
    ] as const) {
      const { handler, client } = ec2({}, region);
      await client.send(launch(az, subnet));
      tokens[name] = ec2Case.tokenOf(handler.requests[0]!);
    }
    expect(tokens['regional-again']).toBe(tokens['regional']);
    const distinct = new Set([tokens['regional'], tokens['other-region'], tokens['zone-a'], tokens['zone-b'], tokens['subnet']]);
    expect(distinct.size).toBe(5);
  });
});

describe('EC2 IdempotentInstanceTerminated', () => {
  it('becomes a typed, non-retryable error of its own', async () => {
    const { handler, client } = ec2();
    handler.next(ec2Case.error('IdempotentInstanceTerminated', 400));

    const failure = await client.send(ec2Case.create()).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(IdempotentInstanceTerminatedError);
    expect((failure as IdempotentInstanceTerminatedError).retryable).toBe(false);
    expect(handler.requests).toHaveLength(1);
  });
});

describe('deadline and abort', () => {
  it('starts no retry that would end after the deadline, and the error carries the token', async () => {
    const { handler, client } = ec2({ maxAttempts: 5, random: () => 0.999 });
    handler.next(ec2Case.error('RequestLimitExceeded', 503), ec2Case.error('RequestLimitExceeded', 503));

    const failure = (await runWithIdempotencyKey('deadline', () => client.send(ec2Case.create()), {
      deadline: Date.now() + 300,
    }).catch((e: unknown) => e)) as Error & { idempotencyToken?: string; $metadata?: { attempts?: number } };

    // Throttling backs off from 1000 ms: with 300 ms left no retry may start.
    expect(failure.name).toBe('RequestLimitExceeded');
    expect(handler.requests).toHaveLength(1);
    expect(failure.idempotencyToken).toBe(ec2Case.tokenOf(handler.requests[0]!));
  });

  it('bounds unkeyed sends with runWithDeadline, and keeps a key’s scope going inside it', async () => {
    const { handler, client } = ec2({ maxAttempts: 5, random: () => 0.999 });
    const throttled = () => handler.next(ec2Case.error('RequestLimitExceeded', 503), ec2Case.error('RequestLimitExceeded', 503));

    throttled();
    const unkeyed = await runWithDeadline(Date.now() + 300, () => client.send(ec2Case.create())).catch((e: unknown) => e);
    expect(unkeyed).toMatchObject({ name: 'RequestLimitExceeded', $metadata: { attempts: 1 } });

    // Inside a key's scope: the earlier deadline holds, and the key's occurrences count on.
    const keyed = await runWithIdempotencyKey('nested', async () => {
      await client.send(ec2Case.create());
      throttled();
      return runWithDeadline(Date.now() + 300, () => client.send(ec2Case.create()));
    }, { deadline: Date.now() + 60_000 }).catch((e: unknown) => e);
    expect(keyed).toMatchObject({ name: 'RequestLimitExceeded', $metadata: { attempts: 1 } });

    const plain = ec2();
    await runWithIdempotencyKey('nested', async () => {
      await plain.client.send(ec2Case.create());
      await plain.client.send(ec2Case.create());
    });
    expect(handler.requests.slice(-2).map((r) => ec2Case.tokenOf(r))).toEqual(plain.handler.requests.map((r) => ec2Case.tokenOf(r)));
  });

  it('refuses a deadline that is no point in time, before running anything', () => {
    const fn = jest.fn();
    for (const deadline of [Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => runWithIdempotencyKey('k', fn, { deadline })).toThrow(RangeError);
      expect(() => runWithDeadline(deadline, fn)).toThrow(RangeError);
    }
    expect(fn).not.toHaveBeenCalled();
  });

  it('stops at once when the caller aborts during a backoff', async () => {
    const { handler, client } = ec2({ maxAttempts: 5, random: () => 0.999, baseDelayMs: 1_000 });
    handler.next(ec2Case.error('InternalError', 500), ec2Case.error('InternalError', 500));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);

    const failure = (await client
      .send(ec2Case.create(), { abortSignal: controller.signal })
      .catch((e: unknown) => e)) as Error;

    expect(failure.name).toBe('AbortError');
    expect(handler.requests).toHaveLength(1);
  });
});

describe('SDK features stay intact', () => {
  it('works with cacheMiddleware: true (per-command tokens, shared handler)', async () => {
    const handler = new RecordingHandler((request) => ec2Case.success(request));
    const { EC2Client } = await import('@aws-sdk/client-ec2');
    const client = new EC2Client({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      requestHandler: handler,
      cacheMiddleware: true,
    });
    client.middlewareStack.use(idempotencyPlugin(noJitter));
    const first = ec2Case.create();
    const second = ec2Case.create();

    await client.send(first as never);
    await client.send(second as never);
    await client.send(first as never);

    const tokens = handler.requests.map((r) => ec2Case.tokenOf(r));
    expect(tokens[0]).toBe(tokens[2]);
    expect(tokens[1]).not.toBe(tokens[0]);
    expect(tokens[0]).toBe(getIdempotencyToken(first));
  });

  it('leaves paginators and waiters working', async () => {
    const pages = [
      `<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><reservationSet><item><reservationId>r-1</reservationId><instancesSet><item><instanceId>i-1</instanceId><instanceState><code>0</code><name>pending</name></instanceState></item></instancesSet></item></reservationSet><nextToken>page-2</nextToken></DescribeInstancesResponse>`,
      `<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><reservationSet><item><reservationId>r-2</reservationId><instancesSet><item><instanceId>i-2</instanceId><instanceState><code>16</code><name>running</name></instanceState></item></instancesSet></item></reservationSet></DescribeInstancesResponse>`,
    ];
    const handler = new RecordingHandler(() => ({ kind: 'respond', status: 200, body: pages[1]!, headers: {} }));
    handler.next({ kind: 'respond', status: 200, body: pages[0]!, headers: {} });
    const client = ec2Case.makeClient(handler);
    client.middlewareStack.use(idempotencyPlugin(noJitter));

    const ids: string[] = [];
    for await (const page of paginateDescribeInstances({ client: client as never }, {})) {
      for (const reservation of page.Reservations ?? []) ids.push(reservation.ReservationId ?? '');
    }
    expect(ids).toEqual(['r-1', 'r-2']);

    const result = await waitUntilInstanceRunning({ client: client as never, maxWaitTime: 5, minDelay: 1 }, { InstanceIds: ['i-2'] });
    expect(result.state).toBe('SUCCESS');
    expect(handler.requests.every((r) => !r.body.includes('ClientToken'))).toBe(true);
    expect(new DescribeInstancesCommand({}).input).toEqual({});
  });
});

describe('the per-send path', () => {
  it('enters no AsyncLocalStorage, keyed by command or not, retries included', async () => {
    // Entering one turns on promise hooks for the whole process (Node 20/22):
    // every promise, the bare SDK's too, gets slower. The send rides on the args instead.
    const run = jest.spyOn(AsyncLocalStorage.prototype, 'run');
    const enterWith = jest.spyOn(AsyncLocalStorage.prototype, 'enterWith');
    try {
      const { handler, client } = ec2();
      handler.next(ec2Case.error('InternalError', 500));
      await client.send(ec2Case.create());
      await client.send(withIdempotencyKey(ec2Case.create(), 'no-async-local-storage'));
      expect(handler.requests).toHaveLength(3);
      expect(run).not.toHaveBeenCalled();
      expect(enterWith).not.toHaveBeenCalled();
    } finally {
      run.mockRestore();
      enterWith.mockRestore();
    }
  });
});

describe('middleware of the caller\'s between the steps', () => {
  it('may rebuild the args without spreading them: the send still carries its token, once, through retries', async () => {
    const handler = new RecordingHandler((request) => ec2Case.success(request));
    const client = new EC2Client({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, requestHandler: handler });
    client.middlewareStack.use(idempotencyPlugin(noJitter));
    // Keeps only `input` (a spread copy of it): the args' own link to the send is gone, the input's stays.
    client.middlewareStack.add((next) => (args) => next({ input: { ...args.input } }), {
      step: 'initialize',
      priority: 'low',
      name: 'rebuildArgs',
    });
    handler.next(ec2Case.error('InternalError', 500));
    const command = new RunInstancesCommand({ ImageId: 'ami-12345678', InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 });
    await client.send(command);
    await client.send(command);

    const token = getIdempotencyToken(command);
    expect(token).toMatch(/^[0-9a-f-]{36}$/);
    expect(handler.requests).toHaveLength(3);
    for (const request of handler.requests) expect(request.body).toContain(`ClientToken=${token as string}`);
  });
});

describe('a command whose first send failed before a token was chosen', () => {
  it('is sent under the key given to it afterwards: nothing left the process, so nothing ties it to its first try', async () => {
    const handler = new RecordingHandler((request) => ec2Case.success(request));
    const client = new EC2Client({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, requestHandler: handler });
    client.middlewareStack.use(idempotencyPlugin(noJitter));
    let failNext = true;
    client.middlewareStack.add(
      (next) => (args) => {
        if (!failNext) return next(args);
        failNext = false;
        return Promise.reject(new Error('a caller middleware failed'));
      },
      { step: 'initialize', priority: 'low', name: 'failOnce' },
    );
    const command = new RunInstancesCommand({ ImageId: 'ami-12345678', InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 });
    await expect(client.send(command)).rejects.toThrow('a caller middleware failed');

    await client.send(withIdempotencyKey(command, 'keyed-after-failure'));
    const fresh = ec2();
    await fresh.client.send(withIdempotencyKey(new RunInstancesCommand({ ImageId: 'ami-12345678', InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 }), 'keyed-after-failure'));
    expect(handler.requests).toHaveLength(1);
    expect(ec2Case.tokenOf(handler.requests[0]!)).toBe(ec2Case.tokenOf(fresh.handler.requests[0]!));
  });
});

describe('events', () => {
  it('reports a token reused from the command on a resend', async () => {
    const events: RetrysafeEvent[] = [];
    const { client } = ec2({ onEvent: (e) => events.push(e) });
    const command = ec2Case.create();
    await client.send(command);
    await client.send(command);
    expect(events.map((e) => `${e.type}:${'source' in e ? e.source : ''}`)).toEqual(['token-issued:random', 'token-reused:command']);
  });
});

describe('a 2xx answer that cannot be read', () => {
  it('is retried for a token operation: the same token returns the original result', async () => {
    const { handler, client } = ec2();
    handler.next({ kind: 'respond', status: 200, body: '<RunInstancesResponse', headers: {} });

    const output = (await client.send(ec2Case.create())) as { Instances?: { InstanceId?: string }[]; $metadata: { attempts?: number } };

    expect(handler.requests).toHaveLength(2);
    expect(ec2Case.tokenOf(handler.requests[1]!)).toBe(ec2Case.tokenOf(handler.requests[0]!));
    expect(output.$metadata.attempts).toBe(2);
    expect(output.Instances?.[0]?.InstanceId).toBe('i-0001');
  });

  it('leaves the binding pending when no attempt could be read: the service may well have done the work', async () => {
    const store = new CountingStore();
    const { handler, client } = ec2({ store, maxAttempts: 2 });
    const garbled = { kind: 'respond', status: 200, body: '<RunInstancesResponse', headers: {} } as const;
    handler.next(garbled, garbled);

    await expect(client.send(withIdempotencyKey(ec2Case.create(), 'lost-answers'))).rejects.toMatchObject({ $metadata: { httpStatusCode: 200 } });
    expect(handler.requests).toHaveLength(2);
    expect(store.calls).toEqual(['bind']);
  });

  it('is not retried for an operation without a token', async () => {
    const { handler, client } = ec2();
    handler.next({ kind: 'respond', status: 200, body: '<DescribeInstancesResponse', headers: {} });

    await expect(client.send(ec2Case.read())).rejects.toMatchObject({ $metadata: { httpStatusCode: 200 } });
    expect(handler.requests).toHaveLength(1);
  });
});
