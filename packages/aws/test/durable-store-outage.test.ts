import { EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { idempotencyPlugin, TokenStoreError, withIdempotencyKey, type RetrysafeEvent } from '@retrysafe/aws';
import { startFakeAws, type FakeAwsServer } from '@retrysafe/fake-aws';
import { RedisTokenStore } from '@retrysafe/store-redis';
import { REDIS_SERVER_MISSING, redisTestsEnabled, startRedisServer, type RedisServer } from '@retrysafe/store-redis/testing';
import { loadSqliteDriver, SqliteTokenStore } from '@retrysafe/store-sqlite';
import { temporarySqliteFile, type TemporarySqliteFile } from '@retrysafe/store-sqlite/testing';

// Issue 5, outage: a durable store goes away under a running client. Keyed
// calls fail closed with TokenStoreError and send nothing; with
// onStoreError: 'proceed' they go out and say so; when the store is back the
// same client (and store object) works again, with no restart.

const SHORT_TIMEOUT_MS = 200;
/** Bounded wait for a store to come back (Redis reconnects in the background). */
const RECOVERY_ATTEMPTS = 100;
const RECOVERY_PAUSE_MS = 50;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function runInstances(key: string): RunInstancesCommand {
  return withIdempotencyKey(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1 }), key);
}

async function eventually<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= RECOVERY_ATTEMPTS) throw error;
      await sleep(RECOVERY_PAUSE_MS);
    }
  }
}

interface OutageCase {
  readonly name: string;
  readonly enabled: boolean;
  /** A store on a working backend. */
  start(): Promise<SqliteTokenStore | RedisTokenStore>;
  /** Takes the backend away, then brings it back. */
  breakIt(): Promise<void>;
  repair(): Promise<void>;
  dispose(): Promise<void>;
}

function redisCase(): OutageCase {
  let server: RedisServer | undefined;
  return {
    name: 'redis (server killed, then restarted on its port)',
    enabled: redisTestsEnabled(),
    start: async () => {
      server = await startRedisServer();
      return new RedisTokenStore({ url: server.url, commandTimeoutMs: SHORT_TIMEOUT_MS });
    },
    breakIt: async () => server?.kill(),
    repair: async () => server?.restart(),
    dispose: async () => server?.stop(),
  };
}

function sqliteCase(): OutageCase {
  let file: TemporarySqliteFile | undefined;
  let release: (() => void) | undefined;
  return {
    name: 'sqlite (file locked by another connection, then released)',
    enabled: true,
    start: async () => {
      file = temporarySqliteFile();
      return new SqliteTokenStore({ path: file.path, busyTimeoutMs: SHORT_TIMEOUT_MS });
    },
    breakIt: async () => {
      // Another process's long write transaction: nobody else can write.
      const { DatabaseSync } = await loadSqliteDriver();
      const database = new DatabaseSync((file as TemporarySqliteFile).path);
      database.exec('BEGIN EXCLUSIVE');
      release = () => {
        database.exec('ROLLBACK');
        database.close();
      };
    },
    repair: async () => {
      release?.();
      release = undefined;
    },
    dispose: async () => {
      release?.();
      file?.remove();
    },
  };
}

const cases = [sqliteCase(), redisCase()];
if (!cases[1]?.enabled) console.warn(`skipping the Redis outage: ${REDIS_SERVER_MISSING}`);

describe.each(cases.filter((outage) => outage.enabled))('keyed calls while the $name', (outage) => {
  let fake: FakeAwsServer;
  let store: SqliteTokenStore | RedisTokenStore;
  const clients: EC2Client[] = [];

  beforeAll(async () => {
    fake = await startFakeAws();
    store = await outage.start();
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await store?.close();
    await outage.dispose();
    await fake?.close();
  });

  function client(options: { onStoreError?: 'fail' | 'proceed' } = {}): { ec2: EC2Client; events: RetrysafeEvent[] } {
    const events: RetrysafeEvent[] = [];
    const ec2 = new EC2Client({
      endpoint: fake.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDRETRYSAFETEST', secretAccessKey: 'retrysafe-test-secret' },
    });
    ec2.middlewareStack.use(idempotencyPlugin({ store, ...options, onEvent: (event) => events.push(event) }));
    clients.push(ec2);
    return { ec2, events };
  }

  it('fail closed while the store is out, send nothing, and work again when it is back', async () => {
    const { ec2, events } = client();
    await ec2.send(runInstances('before-the-outage'));
    const requestsBefore = fake.stats().requests;

    await outage.breakIt();
    let failure: unknown;
    try {
      failure = await ec2.send(runInstances('during-the-outage')).then(
        () => undefined,
        (error: unknown) => error,
      );
    } finally {
      await outage.repair();
    }
    expect(failure).toBeInstanceOf(TokenStoreError);
    expect(failure).toMatchObject({ kind: 'unavailable', store: store.name, retryable: true });
    expect(fake.stats().requests).toBe(requestsBefore);
    expect(events).toContainEqual(expect.objectContaining({ type: 'store-error', action: 'bind', proceeded: false }));

    // The same client and store, no restart: the key that failed now goes out, and a resend reuses its token.
    const instancesBefore = fake.resources('ec2').length;
    await eventually(() => ec2.send(runInstances('during-the-outage')));
    await ec2.send(runInstances('during-the-outage'));
    const created = fake.resources('ec2').slice(instancesBefore);
    expect(created).toHaveLength(1);
    expect(fake.stats().attemptsByToken[created[0]?.clientToken as string]).toBe(2);
  });

  it("with onStoreError: 'proceed', send anyway and say so", async () => {
    const { ec2, events } = client({ onStoreError: 'proceed' });
    const instancesBefore = fake.resources('ec2').length;
    await outage.breakIt();
    try {
      await ec2.send(runInstances('proceeding'));
    } finally {
      await outage.repair();
    }
    expect(fake.resources('ec2').length).toBe(instancesBefore + 1);
    expect(events).toContainEqual(expect.objectContaining({ type: 'store-error', action: 'bind', proceeded: true }));
  });
});
