import {
  getIdempotencyToken,
  idempotencyPlugin,
  IdempotentParameterMismatchError,
  InvalidClientTokenError,
  MemoryTokenStore,
  runWithIdempotencyKey,
  TokenStoreError,
  withIdempotencyKey,
  type IdempotencyPluginOptions,
  type RetrysafeEvent,
} from '@retrysafe/aws';
import { RecordingHandler } from './support/recording-handler.js';
import { CountingStore } from './support/counting-store.js';
import { serviceCases, type ServiceCase } from './support/services.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Full jitter with a random source of 0 sleeps 0 ms: retries without waiting.
const noJitter = { random: () => 0 } as const;

function setup(service: ServiceCase, options: IdempotencyPluginOptions = {}, region?: string) {
  const handler = new RecordingHandler((request) => service.success(request));
  const client = service.makeClient(handler, region);
  client.middlewareStack.use(idempotencyPlugin({ ...noJitter, ...options }));
  return { handler, client };
}

describe.each(serviceCases)('$service $createOperation through the plugin', (service) => {
  it('puts one token on the wire and never touches the caller’s input', async () => {
    const { handler, client } = setup(service);
    const command = service.create();
    const before = structuredClone(command.input);

    await client.send(command);

    expect(handler.requests).toHaveLength(1);
    const token = service.tokenOf(handler.requests[0]!);
    expect(token).toMatch(UUID);
    expect(getIdempotencyToken(command)).toBe(token);
    expect(command.input).toEqual(before);
    expect(service.tokenMember in command.input).toBe(false);
  });

  it('keeps the token across the SDK’s retries of 5xx, throttling and connection resets', async () => {
    const { handler, client } = setup(service, { maxAttempts: 4 });
    handler.next(service.error('InternalError', 500), service.error(service.throttle.code, service.throttle.status), { kind: 'reset' });

    const output = (await client.send(service.create())) as { $metadata: { attempts?: number } };

    expect(handler.requests).toHaveLength(4);
    const tokens = new Set(handler.requests.map((r) => service.tokenOf(r)));
    expect(tokens.size).toBe(1);
    expect([...tokens][0]).toMatch(UUID);
    expect(output.$metadata.attempts).toBe(4);
  });

  it('keeps the token across resends of one command, and says so on the error', async () => {
    const { handler, client } = setup(service, { maxAttempts: 2 });
    handler.next(service.error('InternalError', 500), service.error('ServiceUnavailable', 503));
    const command = service.create();

    const failure = (await client.send(command).catch((e: unknown) => e)) as Error & {
      idempotencyToken?: string;
      $metadata?: { attempts?: number };
    };
    expect(failure.$metadata?.attempts).toBe(2);
    expect(failure.idempotencyToken).toBe(getIdempotencyToken(command));
    expect(Object.keys(failure)).not.toContain('idempotencyToken');

    await client.send(command);
    expect(handler.requests).toHaveLength(3);
    expect(new Set(handler.requests.map((r) => service.tokenOf(r))).size).toBe(1);
  });

  it('tracks a frozen command like any other: one token across resends, a changed resend refused', async () => {
    const { handler, client } = setup(service);
    const command = Object.freeze(service.create());
    const keyed = Object.freeze(withIdempotencyKey(service.create(), 'frozen-order-1'));

    await client.send(command);
    await client.send(command);
    await client.send(keyed);
    await client.send(keyed);

    const tokens = handler.requests.map((r) => service.tokenOf(r));
    expect(tokens[0]).toMatch(UUID);
    expect(tokens).toEqual([tokens[0], tokens[0], tokens[2], tokens[2]]);
    expect(tokens[2]).not.toBe(tokens[0]);
    expect(getIdempotencyToken(command)).toBe(tokens[0]);
    expect(getIdempotencyToken(keyed)).toBe(tokens[2]);
    // Object.freeze is shallow: the input can still change, and a changed resend is refused.
    const [firstKey] = Object.keys(command.input).sort();
    (command.input as Record<string, unknown>)[firstKey!] = 'changed-after-send';
    await expect(client.send(command)).rejects.toBeInstanceOf(IdempotentParameterMismatchError);
    expect(handler.requests).toHaveLength(4);
  });

  it('keeps its state on a command out of sight: no new enumerable member, nothing a spread copies', async () => {
    const { client } = setup(service);
    const command = service.create();
    const keysBefore = Object.keys(command);
    await client.send(withIdempotencyKey(command, 'order-77'));
    expect(getIdempotencyToken(command)).toMatch(UUID);
    expect(Object.keys(command)).toEqual(keysBefore);
    expect(Object.getOwnPropertySymbols({ ...command })).toEqual([]);
  });

  it('does not hand a sent command\'s token to an object made from it', async () => {
    const { handler, client } = setup(service);
    const command = service.create();
    await client.send(command);
    const derived = Object.create(command) as typeof command;
    expect(getIdempotencyToken(derived)).toBeUndefined();
    expect(handler.requests).toHaveLength(1);
  });

  it('derives the same token for one key in a freshly built client (a restart)', async () => {
    const first = setup(service, { store: new MemoryTokenStore() });
    await first.client.send(withIdempotencyKey(service.create(), 'order-42'));
    const restarted = setup(service, { store: new MemoryTokenStore() });
    await restarted.client.send(withIdempotencyKey(service.create(), 'order-42'));
    const other = setup(service);
    await other.client.send(withIdempotencyKey(service.create(), 'order-43'));

    const tokenBefore = service.tokenOf(first.handler.requests[0]!);
    expect(tokenBefore).toMatch(UUID);
    expect(service.tokenOf(restarted.handler.requests[0]!)).toBe(tokenBefore);
    expect(service.tokenOf(other.handler.requests[0]!)).not.toBe(tokenBefore);
  });

  it('gives the n-th call in a keyed scope its own token, the same on every re-run', async () => {
    const run = async () => {
      const { handler, client } = setup(service);
      await runWithIdempotencyKey('sqs-message-7', async () => {
        await client.send(service.create('a'));
        await client.send(service.create('b'));
      });
      return handler.requests.map((r) => service.tokenOf(r));
    };
    const firstRun = await run();
    const secondRun = await run();
    expect(new Set(firstRun).size).toBe(2);
    expect(secondRun).toEqual(firstRun);
  });

  it('does not retry a 4xx, and the error keeps its name and the token', async () => {
    const { handler, client } = setup(service);
    handler.next(service.error('ValidationError', 400));
    const command = service.create();

    const failure = (await client.send(command).catch((e: unknown) => e)) as Error & { idempotencyToken?: string };

    expect(handler.requests).toHaveLength(1);
    expect(failure.name).toBe('ValidationError');
    expect(failure.idempotencyToken).toBe(service.tokenOf(handler.requests[0]!));
  });

  it.each([3, 5])('never makes more than maxAttempts = %i attempts', async (maxAttempts) => {
    const failing = new RecordingHandler(() => service.error('InternalError', 500));
    const failingClient = service.makeClient(failing);
    failingClient.middlewareStack.use(idempotencyPlugin({ ...noJitter, maxAttempts }));

    await expect(failingClient.send(service.create())).rejects.toMatchObject({ name: 'InternalError' });

    expect(failing.requests).toHaveLength(maxAttempts);
  });

  it('maps the service’s token conflict to IdempotentParameterMismatchError, not retried', async () => {
    const { handler, client } = setup(service);
    handler.next(service.error(service.mismatchCode, 400));

    const failure = await client.send(service.create()).catch((e: unknown) => e);

    expect(handler.requests).toHaveLength(1);
    expect(failure).toBeInstanceOf(IdempotentParameterMismatchError);
    const mismatch = failure as IdempotentParameterMismatchError;
    expect(mismatch.source).toBe('service');
    expect(mismatch.serviceCode).toBe(service.mismatchCode);
    expect(mismatch.token).toBe(service.tokenOf(handler.requests[0]!));
    expect((mismatch.cause as Error).name).toBe(service.mismatchCode);
    expect(mismatch.retryable).toBe(false);
  });

  it('fails a changed resend locally, naming what changed, and sends nothing', async () => {
    const { handler, client } = setup(service);
    const command = service.create();
    await client.send(command);
    const [firstKey] = Object.keys(command.input).sort();
    (command.input as Record<string, unknown>)[firstKey!] = 'changed-after-send';

    const failure = await client.send(command).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(IdempotentParameterMismatchError);
    expect((failure as IdempotentParameterMismatchError).source).toBe('local');
    expect((failure as IdempotentParameterMismatchError).changedPaths).toEqual([firstKey]);
    expect(handler.requests).toHaveLength(1);
  });

  it('sends a read operation untouched, with no token and no store call', async () => {
    const store = new CountingStore();
    const { handler, client } = setup(service, { store });
    const command = service.read();
    const before = structuredClone(command.input);

    await runWithIdempotencyKey('read-key', () => client.send(command));

    expect(handler.requests).toHaveLength(1);
    expect(service.tokenOf(handler.requests[0]!)).toBeUndefined();
    expect(getIdempotencyToken(command)).toBeUndefined();
    expect(command.input).toEqual(before);
    expect(store.calls).toEqual([]);
  });

  it('uses a valid token the caller set, and rejects an invalid one before sending', async () => {
    const { handler, client } = setup(service);
    const own = service.create();
    (own.input as Record<string, unknown>)[service.tokenMember] = 'caller-token-0001';
    await client.send(own);
    expect(service.tokenOf(handler.requests[0]!)).toBe('caller-token-0001');

    const bad = service.create();
    (bad.input as Record<string, unknown>)[service.tokenMember] = 'tökén with spaces';
    const failure = await client.send(bad).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(InvalidClientTokenError);
    expect((failure as InvalidClientTokenError).rule).toBe('ascii');
    expect(handler.requests).toHaveLength(1);
  });

  it('keeps the caller’s token for the command: a resend without it still carries it, never a new one', async () => {
    const { handler, client } = setup(service);
    const own = service.create();
    const input = own.input as Record<string, unknown>;
    input[service.tokenMember] = 'caller-token-0002';
    await client.send(own);
    delete input[service.tokenMember];
    await client.send(own);
    expect(handler.requests.map((request) => service.tokenOf(request))).toEqual(['caller-token-0002', 'caller-token-0002']);
    expect(getIdempotencyToken(own)).toBe('caller-token-0002');
  });

  it('binds a key in the store before sending, and fails closed when the store is down', async () => {
    const store = new CountingStore();
    const events: RetrysafeEvent[] = [];
    const { handler, client } = setup(service, { store, onEvent: (e) => events.push(e) });

    await client.send(withIdempotencyKey(service.create(), 'k-1'));
    expect(store.calls).toEqual(['bind', 'complete']);

    store.down = true;
    const failure = await client.send(withIdempotencyKey(service.create(), 'k-2')).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TokenStoreError);
    expect(handler.requests).toHaveLength(1);
    expect(events.filter((e) => e.type === 'store-error')).toEqual([
      expect.objectContaining({ action: 'bind', proceeded: false }),
    ]);
  });

  it('with onStoreError: proceed, sends the derived token anyway and reports it', async () => {
    const store = new CountingStore();
    store.down = true;
    const events: RetrysafeEvent[] = [];
    const { handler, client } = setup(service, { store, onStoreError: 'proceed', onEvent: (e) => events.push(e) });
    const healthy = setup(service);

    await client.send(withIdempotencyKey(service.create(), 'k-3'));
    await healthy.client.send(withIdempotencyKey(service.create(), 'k-3'));

    expect(handler.requests).toHaveLength(1);
    expect(service.tokenOf(handler.requests[0]!)).toBe(service.tokenOf(healthy.handler.requests[0]!));
    expect(events.some((e) => e.type === 'store-error' && e.proceeded)).toBe(true);
  });

  it('with onStoreError: proceed, still sends nothing when the store is set up wrong or holds a bad record', async () => {
    for (const kind of ['misconfigured', 'corrupt-record', 'unsupported-version', 'conflict'] as const) {
      const store = new CountingStore();
      store.down = true;
      store.failure = () => new TokenStoreError({ store: store.name, kind, action: 'bind' });
      const events: RetrysafeEvent[] = [];
      const { handler, client } = setup(service, { store, onStoreError: 'proceed', onEvent: (e) => events.push(e) });

      const failure = await client.send(withIdempotencyKey(service.create(), `k-${kind}`)).catch((e: unknown) => e);

      expect(failure).toMatchObject({ name: 'TokenStoreError', kind, retryable: false });
      expect(handler.requests).toHaveLength(0);
      expect(events.filter((e) => e.type === 'store-error')).toEqual([expect.objectContaining({ action: 'bind', proceeded: false })]);
    }
  });

  it('reports a keyed resend with other parameters as a local mismatch from the store', async () => {
    const { handler, client } = setup(service);
    await client.send(withIdempotencyKey(service.create('first'), 'k-9'));

    const failure = await client.send(withIdempotencyKey(service.create('second'), 'k-9')).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(IdempotentParameterMismatchError);
    expect((failure as IdempotentParameterMismatchError).source).toBe('local');
    expect((failure as IdempotentParameterMismatchError).changedPaths.length).toBeGreaterThan(0);
    expect(handler.requests).toHaveLength(1);
  });

  it('resends a command the store failed with the same token its key gives it, not the next occurrence’s', async () => {
    const store = new CountingStore();
    const { handler, client } = setup(service, { store });
    await runWithIdempotencyKey('k-outage', async () => {
      const command = service.create();
      store.down = true;
      await expect(client.send(command)).rejects.toBeInstanceOf(TokenStoreError);
      store.down = false;
      await client.send(command);
    });
    // The same key run again (a redelivery): its first command is the one the outage held up.
    const fresh = setup(service);
    await runWithIdempotencyKey('k-outage', () => fresh.client.send(service.create()));

    expect(handler.requests).toHaveLength(1);
    expect(service.tokenOf(handler.requests[0]!)).toBe(service.tokenOf(fresh.handler.requests[0]!));
  });

  it('refuses a command the store found bound to other parameters on every resend, not only the first', async () => {
    const store = new MemoryTokenStore();
    const { handler, client } = setup(service, { store });
    await runWithIdempotencyKey('k-changed', () => client.send(service.create('first')));

    await runWithIdempotencyKey('k-changed', async () => {
      const changed = service.create('second');
      for (let send = 0; send < 3; send++) {
        const failure = await client.send(changed).catch((e: unknown) => e);
        expect(failure).toBeInstanceOf(IdempotentParameterMismatchError);
      }
    });
    expect(handler.requests).toHaveLength(1);
  });

  it('refuses a resend whose token member now holds another token, and sends nothing', async () => {
    const { handler, client } = setup(service);
    const command = service.create();
    const input = command.input as Record<string, unknown>;
    await client.send(command);
    const sent = getIdempotencyToken(command);

    input[service.tokenMember] = 'another-token-0003';
    const failure = await client.send(command).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(IdempotentParameterMismatchError);
    expect(failure).toMatchObject({ source: 'local', changedPaths: [service.tokenMember], token: sent });

    // Writing the command's own token back is no change.
    input[service.tokenMember] = sent;
    await client.send(command);
    expect(handler.requests.map((request) => service.tokenOf(request))).toEqual([sent, sent]);
  });

  it('emits events without parameter values', async () => {
    const events: RetrysafeEvent[] = [];
    const debug: string[] = [];
    const handler = new RecordingHandler((request) => service.success(request));
    const client = service.makeClient(handler);
    (client as unknown as { config: { logger: unknown } }).config.logger = {
      debug: (message: string) => debug.push(message),
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    };
    client.middlewareStack.use(idempotencyPlugin({ ...noJitter, onEvent: (e) => events.push(e) }));
    handler.next(service.error('InternalError', 500));

    await runWithIdempotencyKey('evt', () => client.send(service.create('secret-value-xyz')));

    expect(events.map((e) => e.type)).toEqual(['token-issued', 'retry']);
    expect(events[1]).toMatchObject({ type: 'retry', attempt: 2, errorClass: 'transient', errorName: 'InternalError' });
    const text = JSON.stringify(events) + debug.join('\n');
    expect(text).not.toContain('secret-value-xyz');
  });

  it('can be applied twice without multiplying attempts', async () => {
    const failing = new RecordingHandler(() => service.error('InternalError', 500));
    const client = service.makeClient(failing);
    client.middlewareStack.use(idempotencyPlugin({ ...noJitter, maxAttempts: 2 }));
    client.middlewareStack.use(idempotencyPlugin({ ...noJitter, maxAttempts: 2 }));

    await expect(client.send(service.create())).rejects.toMatchObject({ name: 'InternalError' });
    expect(failing.requests).toHaveLength(2);
  });
});
