import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { TokenStoreError, type TokenStore } from '@retrysafe/core';
import { randomBindingKey, sampleTokenRecord } from '@retrysafe/core/testing';
import { DynamoDbTokenStore } from '../src/index.js';
import {
  LOOPBACK_HOST,
  localDynamoDbClient,
  loopbackEndpoint,
  randomTableName,
  startLocalDynamoDb,
  type LocalDynamoDb,
  type LocalDynamoDbKind,
} from '../src/testing/index.js';
import { describeWithDynamoDbLocal } from './support/dynamodb-local-guard.js';
import { createTableOn, SERVER_START_TIMEOUT_MS } from './support/store-fixture.js';

/** One try and short limits, so a dead server fails a call at once. */
const FAIL_FAST = { maxAttempts: 1, requestHandler: { connectionTimeout: 500, requestTimeout: 1000 } };
const IN_FLIGHT_BINDS = 20;
const OUTAGE_TEST_TIMEOUT_MS = 120_000;

/** Every store method, each with fresh keys, as a keyed call would use them. */
function everyCall(store: TokenStore): [string, () => Promise<unknown>][] {
  const record = sampleTokenRecord();
  return [
    ['bind', () => store.bind(record)],
    ['get', () => store.get(record.bindingKey)],
    ['complete', () => store.complete(record.bindingKey, record.token, 'succeeded')],
    ['delete', () => store.delete(randomBindingKey())],
    ['list', () => store.list?.({ prefix: 'ab' }) ?? Promise.resolve()],
    ['prune', () => store.prune?.() ?? Promise.resolve()],
  ];
}

async function expectUnavailable(action: string, call: () => Promise<unknown>): Promise<void> {
  const error = await call().then(
    () => new Error(`${action} succeeded against a server that is down`),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(TokenStoreError);
  expect(error).toMatchObject({ kind: 'unavailable', retryable: true, store: 'dynamodb' });
  expect((error as TokenStoreError).cause).toBeDefined();
}

function describeOutage(kind: LocalDynamoDbKind): void {
  describe(`outage of ${kind}`, () => {
    let server: LocalDynamoDb | undefined;

    beforeAll(async () => {
      server = await startLocalDynamoDb(kind);
    }, SERVER_START_TIMEOUT_MS);

    afterAll(async () => {
      await server?.stop();
    });

    it(
      'the server dies mid-run: every call fails closed as unavailable; back on its port, the same store works',
      async () => {
        const running = server as LocalDynamoDb;
        const tableName = await createTableOn(running);
        const store = new DynamoDbTokenStore({
          client: localDynamoDbClient(running, FAIL_FAST),
          tableName,
          destroyClientOnClose: true,
        });
        const before = sampleTokenRecord();
        expect((await store.bind(before)).created).toBe(true);

        // Killed while binds are in flight: each one either landed or failed closed.
        const inFlight = Array.from({ length: IN_FLIGHT_BINDS }, () => store.bind(sampleTokenRecord()));
        await running.stop();
        for (const outcome of await Promise.allSettled(inFlight)) {
          if (outcome.status === 'fulfilled') expect(outcome.value.created).toBe(true);
          else expect(outcome.reason).toMatchObject({ name: 'TokenStoreError', kind: 'unavailable' });
        }

        for (const [action, call] of everyCall(store)) await expectUnavailable(action, call);

        // Back on the same port. In memory, so the table is made anew; the store is the same object.
        server = await startLocalDynamoDb(kind, { port: running.port });
        await createTableOn(server, tableName);
        const after = sampleTokenRecord();
        expect(await store.bind(after)).toEqual({ record: after, created: true });
        expect(await store.get(after.bindingKey)).toEqual(after);
        await store.close();
      },
      OUTAGE_TEST_TIMEOUT_MS,
    );
  });
}

describeOutage('dynalite');
describeWithDynamoDbLocal('DynamoDB Local', () => describeOutage('dynamodb-local'));

describe('a server that accepts connections and never answers', () => {
  let silent: Server | undefined;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent?.listen(0, LOOPBACK_HOST, resolve));
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => (silent ? silent.close(() => resolve()) : resolve()));
  });

  it("fails a call as unavailable once requestTimeout passes, instead of hanging (the client helper makes the SDK throw on it)", async () => {
    const { port } = silent?.address() as AddressInfo;
    const store = new DynamoDbTokenStore({
      client: localDynamoDbClient(loopbackEndpoint(port), FAIL_FAST),
      tableName: randomTableName(),
      destroyClientOnClose: true,
    });
    await expectUnavailable('bind', () => store.bind(sampleTokenRecord()));
    await store.close();
  });
});
