import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EC2Client } from '@aws-sdk/client-ec2';
import { idempotencyPlugin, type RetrysafeEvent } from '@retrysafe/aws';
import { startFakeAws, type FakeAwsServer } from '@retrysafe/fake-aws';
import { SqliteTokenStore } from '@retrysafe/store-sqlite';
import { postOrder, runClientDemo, SAMPLE_ORDER } from '../src/demo-client.js';
import { createOrderServer, type OrderServer } from '../src/order-server.js';
import { startOrderService } from '../src/start-server.js';

const CONCURRENT_REQUESTS = 8;
/** How long fake-aws holds a delayed RunInstances: long enough for the client to give up first. */
const SLOW_LAUNCH_MS = 200;

/** One server process: its own EC2 client and store handle, sharing the SQLite file. */
interface ServerProcess {
  readonly url: string;
  readonly app: OrderServer;
  readonly events: RetrysafeEvent[];
  stop(): Promise<void>;
}

let fake: FakeAwsServer;
let dir: string;
const running: ServerProcess[] = [];

beforeAll(async () => {
  fake = await startFakeAws({ seed: 61, faults: { latencyMs: SLOW_LAUNCH_MS } });
  dir = await mkdtemp(join(tmpdir(), 'retrysafe-example-server-'));
});
afterAll(async () => {
  await Promise.allSettled(running.map((server) => server.stop()));
  await fake?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});
beforeEach(() => fake.reset());

async function startServer(storeFile = 'tokens.sqlite', onEvent?: (event: RetrysafeEvent) => void): Promise<ServerProcess> {
  const store = new SqliteTokenStore({ path: join(dir, storeFile) });
  const events: RetrysafeEvent[] = [];
  const ec2 = new EC2Client({ endpoint: fake.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  ec2.middlewareStack.use(idempotencyPlugin({ store, random: () => 0, onEvent: (e) => (events.push(e), onEvent?.(e)) }));
  const app = createOrderServer({ ec2 });
  const url = await app.listen();
  const server: ServerProcess = {
    url,
    app,
    events,
    async stop() {
      await app.close();
      ec2.destroy();
      await store.close();
    },
  };
  running.push(server);
  return server;
}

function instances(): number {
  return fake.resources('ec2').length;
}

describe('the order server example', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServer();
  });

  it('launches one instance for concurrent requests with one key', async () => {
    const key = 'order-1001';
    const replies = await Promise.all(Array.from({ length: CONCURRENT_REQUESTS }, () => postOrder(server.url, key, SAMPLE_ORDER)));
    expect(replies.map((r) => r.status)).toEqual(Array(CONCURRENT_REQUESTS).fill(201));
    expect(new Set(replies.map((r) => r.body['instanceId'])).size).toBe(1);
    expect(instances()).toBe(1);
    expect(fake.resources('ec2')[0]?.instanceId).toBe(replies[0]?.body['instanceId']);
  });

  it('launches another instance for another key', async () => {
    const first = await postOrder(server.url, 'order-2001', SAMPLE_ORDER);
    const second = await postOrder(server.url, 'order-2002', SAMPLE_ORDER);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body['instanceId']).not.toBe(first.body['instanceId']);
    expect(instances()).toBe(2);
  });

  it('answers 422 naming the changed fields when a key comes back with another body, and sends nothing', async () => {
    const key = 'order-3001';
    await postOrder(server.url, key, SAMPLE_ORDER);
    const sent = fake.stats().requestsByOperation['ec2:RunInstances'];

    const changed = await postOrder(server.url, key, { ...SAMPLE_ORDER, instanceType: 't3.large', customer: 'globex' });
    expect(changed.status).toBe(422);
    expect(changed.body).toMatchObject({ error: 'IdempotencyKeyReused', changedFields: ['instanceType', 'customer'] });
    expect(fake.stats().requestsByOperation['ec2:RunInstances']).toBe(sent);

    // The original body under that key still answers with its instance.
    const original = await postOrder(server.url, key, SAMPLE_ORDER);
    expect(original.status).toBe(201);
    expect(instances()).toBe(1);
  });

  it('gives a client that timed out and retried the same instance', async () => {
    const key = 'order-4001';
    fake.injectNext('latency', 1, { service: 'ec2', operation: 'RunInstances' });
    const gaveUp = new AbortController();
    const slow = await startServer('tokens.sqlite', (event) => {
      if (event.type === 'token-issued' && event.operation === 'RunInstances') gaveUp.abort();
    });

    // The client's request is in flight at EC2 when the client gives up...
    await expect(postOrder(slow.url, key, SAMPLE_ORDER, gaveUp.signal)).rejects.toMatchObject({ name: 'AbortError' });
    // ...and retries with the same key, to another server process sharing the store.
    const retried = await postOrder(server.url, key, SAMPLE_ORDER);
    await slow.app.drain();

    expect(retried.status).toBe(201);
    expect(instances()).toBe(1);
    expect(fake.resources('ec2')[0]?.instanceId).toBe(retried.body['instanceId']);
    expect(fake.stats().requestsByOperation['ec2:RunInstances']).toBe(2);
  });

  it('keeps the instance across a server restart (the SQLite file remembers the token)', async () => {
    const key = 'order-5001';
    const before = await postOrder(server.url, key, SAMPLE_ORDER);
    const restarted = await startServer();
    const after = await postOrder(restarted.url, key, SAMPLE_ORDER);
    expect(after.body['instanceId']).toBe(before.body['instanceId']);
    expect(restarted.events.filter((e) => e.type === 'token-reused').map((e) => 'source' in e && e.source)).toEqual(['store']);
    expect(instances()).toBe(1);
  });

  it('refuses a request without a key, or with a bad body, before anything is sent', async () => {
    const noKey = await postOrder(server.url, undefined, SAMPLE_ORDER);
    expect(noKey).toMatchObject({ status: 400, body: { error: 'IdempotencyKeyError', reason: 'missing' } });
    const badBody = await postOrder(server.url, 'order-6001', { ...SAMPLE_ORDER, imageId: 'not-an-ami' });
    expect(badBody).toMatchObject({ status: 400, body: { error: 'OrderRequestError' } });
    const tooLong = await postOrder(server.url, 'k'.repeat(300), SAMPLE_ORDER);
    expect(tooLong).toMatchObject({ status: 400, body: { reason: 'invalid' } });
    expect(fake.stats().requests).toBe(0);
  });

  it('answers 503 (retry with the same key) when EC2 keeps failing, and the retry gets the instance', async () => {
    fake.injectNext('reset-after', 3, { service: 'ec2', operation: 'RunInstances' });
    const failed = await postOrder(server.url, 'order-7001', SAMPLE_ORDER);
    expect(failed.status).toBe(503);
    expect(instances()).toBe(1);
    const retried = await postOrder(server.url, 'order-7001', SAMPLE_ORDER);
    expect(retried.status).toBe(201);
    expect(instances()).toBe(1);
  });

  it('answers 404 and 405 off its one route', async () => {
    expect((await fetch(`${server.url}/nowhere`)).status).toBe(404);
    const get = await fetch(`${server.url}/orders`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });
});

describe('the server example as the README runs it', () => {
  it('starts with an in-process fake-aws and the SQLite store, and shows one instance per key', async () => {
    const service = await startOrderService({ storePath: join(dir, 'readme.sqlite'), endpoint: undefined });
    try {
      const lines: string[] = [];
      const result = await runClientDemo(service.url, (line) => lines.push(line));
      expect(new Set(result.sameKey.map((r) => r.body['instanceId'])).size).toBe(1);
      expect(result.otherKey.body['instanceId']).not.toBe(result.sameKey[0]?.body['instanceId']);
      expect(result.changedBody).toMatchObject({ status: 422, body: { changedFields: ['instanceType'] } });
      expect(service.fake?.resources('ec2')).toHaveLength(2);
    } finally {
      await service.stop();
    }
  });
});
