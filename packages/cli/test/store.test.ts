import { existsSync } from 'node:fs';
import { EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { idempotencyPlugin, withIdempotencyKey } from '@retrysafe/aws';
import { newTokenRecord, TOKEN_RECORD_FORMAT_VERSION, type TokenRecord, type TokenStore } from '@retrysafe/core';
import { startFakeAws, type FakeAwsServer } from '@retrysafe/fake-aws';
import { createTokenTable, DynamoDbTokenStore } from '@retrysafe/store-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION, localDynamoDbClient, randomTableName, startDynalite, type LocalDynamoDb } from '@retrysafe/store-dynamodb/testing';
import { RedisTokenStore } from '@retrysafe/store-redis';
import { redisTestsEnabled, startRedisServer, type RedisServer } from '@retrysafe/store-redis/testing';
import { BINDINGS_TABLE, loadSqliteDriver, SqliteTokenStore } from '@retrysafe/store-sqlite';
import { temporarySqliteFile, type TemporarySqliteFile } from '@retrysafe/store-sqlite/testing';
import { BUILD_HOOK_TIMEOUT_MS, ensureBuiltCli, runCli, STACK_FRAME } from './support/built-cli.js';

// `retrysafe store` against real stores: bindings the plugin wrote through a
// real EC2 client (to fake-aws) are listed, shown, removed and pruned by the
// built CLI in another process.

const REGION = 'eu-west-1';
const HOUR_MS = 3_600_000;
const CREDENTIALS = { accessKeyId: 'AKIDCLITEST', secretAccessKey: 'cli-test-secret' };
const BINDING_KEY = /^[0-9a-f]{64}$/;

let fakeAws: FakeAwsServer;

beforeAll(async () => {
  await ensureBuiltCli();
  fakeAws = await startFakeAws({ seed: 2 });
}, BUILD_HOOK_TIMEOUT_MS);

afterAll(async () => {
  await fakeAws?.close();
});

/** One keyed RunInstances through the plugin with `store`; returns the token fake-aws received. */
async function keyedRunInstances(store: TokenStore, key: string): Promise<string> {
  const client = new EC2Client({ endpoint: fakeAws.endpoint, region: REGION, credentials: CREDENTIALS, maxAttempts: 1 });
  client.middlewareStack.use(idempotencyPlugin({ store }));
  try {
    await client.send(withIdempotencyKey(new RunInstancesCommand({ ImageId: 'ami-12345678', MinCount: 1, MaxCount: 1 }), key));
  } finally {
    client.destroy();
  }
  const token = fakeAws.requests().at(-1)?.token;
  if (token === undefined) throw new Error('fake-aws received no token');
  return token;
}

/** The binding key of a keyed RunInstances, as `retrysafe token --json` prints it. */
async function bindingKeyOf(key: string): Promise<string> {
  const result = await runCli(['token', '--service', 'ec2', '--operation', 'RunInstances', '--key', key, '--region', REGION, '--json']);
  expect(result.code).toBe(0);
  return (JSON.parse(result.stdout) as { bindingKey: string }).bindingKey;
}

/** An expired binding, written through a store whose clock runs two hours behind. */
function expiredRecord(bindingKey: string): TokenRecord {
  return newTokenRecord({
    bindingKey,
    token: 'expired-token',
    fingerprint: 'ab'.repeat(32),
    memberDigests: {},
    ttlMs: HOUR_MS,
    now: Date.now() - 2 * HOUR_MS,
  });
}

interface Backend {
  readonly name: string;
  /** Connection flags for the CLI. */
  readonly flags: () => string[];
  readonly env?: () => NodeJS.ProcessEnv;
  /** A store for the test process (the plugin's); with `past`, one that writes an already-expired record. */
  readonly open: (options?: { past?: boolean }) => TokenStore;
  readonly prunes: boolean;
}

function describeStoreCommands(backend: Backend): void {
  const cli = (...args: string[]) => runCli(['store', ...args, ...backend.flags()], backend.env?.());

  it('ls, show, rm: the binding the plugin wrote, under the binding key `retrysafe token` prints', async () => {
    const key = `cli-${backend.name}-${Date.now()}`;
    const store = backend.open();
    let token: string;
    try {
      token = await keyedRunInstances(store, key);
    } finally {
      await store.close?.();
    }
    const bindingKey = await bindingKeyOf(key);

    const listed = await cli('ls', '--json');
    expect(listed.code).toBe(0);
    const records = JSON.parse(listed.stdout) as TokenRecord[];
    expect(records).toContainEqual(expect.objectContaining({ bindingKey, token, status: 'succeeded' }));
    for (const record of records) expect(record.bindingKey).toMatch(BINDING_KEY);

    const table = await cli('ls');
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]?.split(/\s{2,}/)).toEqual(['BINDING KEY', 'TOKEN', 'STATUS', 'CREATED', 'EXPIRES']);
    expect(table.stdout).toMatch(new RegExp(`^${bindingKey}\\s+${token}\\s+succeeded\\s`, 'm'));

    const shown = await cli('show', bindingKey, '--json');
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ bindingKey, token, status: 'succeeded' });
    const described = await cli('show', bindingKey);
    expect(described.stdout).toMatch(new RegExp(`^token:\\s+${token}$`, 'm'));
    expect(described.stdout).toMatch(/^ {2}ImageId: [0-9a-f]{64}$/m);

    const removed = await cli('rm', bindingKey, '--json');
    expect(removed.code).toBe(0);
    expect(JSON.parse(removed.stdout)).toMatchObject({ bindingKey, removed: { token } });
    const gone = await cli('show', bindingKey);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain(`no live binding ${bindingKey}`);
    expect(gone.stderr).not.toMatch(STACK_FRAME);
    expect((await cli('rm', bindingKey)).code).toBe(1);
    expect((await cli('rm', bindingKey, '--force')).code).toBe(0);
  });

  it(backend.prunes ? 'prune deletes expired bindings and counts them' : 'prune has nothing to do: the store expires bindings itself', async () => {
    const bindingKey = (await bindingKeyOf(`expired-${backend.name}-${Date.now()}`)).replace(/^./, 'f');
    const past = backend.open({ past: true });
    try {
      await past.bind(expiredRecord(bindingKey));
    } finally {
      await past.close?.();
    }
    const listed = JSON.parse((await cli('ls', '--json')).stdout) as TokenRecord[];
    expect(listed.map((record) => record.bindingKey)).not.toContain(bindingKey);

    const pruned = await cli('prune', '--json');
    expect(pruned.code).toBe(0);
    if (backend.prunes) {
      expect(JSON.parse(pruned.stdout)).toEqual({ pruned: 1 });
      expect((await cli('prune')).stdout).toBe('pruned 0 expired bindings\n');
    } else {
      expect(JSON.parse(pruned.stdout)).toEqual({ pruned: 0 });
      expect(pruned.stderr).toContain('expires bindings by itself');
    }
  });

  it('show and rm refuse a KEY that is not a binding key (exit 2)', async () => {
    for (const command of ['show', 'rm']) {
      const result = await cli(command, 'deploy-42');
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('KEY');
      expect(result.stderr).toContain('64 hex characters');
    }
  });
}

describe('retrysafe store on SQLite', () => {
  let file: TemporarySqliteFile;
  beforeAll(async () => {
    file = temporarySqliteFile();
    // The file exists once a store has opened it.
    const store = new SqliteTokenStore({ path: file.path });
    await store.open();
    await store.close();
  });
  afterAll(() => file?.remove());

  describeStoreCommands({
    name: 'sqlite',
    flags: () => ['--sqlite', file.path],
    open: ({ past } = {}) => new SqliteTokenStore({ path: file.path, ...(past ? { now: () => Date.now() - 2 * HOUR_MS } : {}) }),
    prunes: true,
  });

  it('rm --force removes a row the store cannot read (it fails every keyed call for its key); without --force the error stands', async () => {
    const bindingKey = 'c'.repeat(64);
    const { DatabaseSync } = await loadSqliteDriver();
    const raw = new DatabaseSync(file.path);
    try {
      raw.prepare(`INSERT INTO ${BINDINGS_TABLE} (binding_key, format_version, expires_at, record) VALUES (?, ?, ?, '{}')`).run(bindingKey, TOKEN_RECORD_FORMAT_VERSION, Date.now() + HOUR_MS);
    } finally {
      raw.close();
    }
    const cli = (...args: string[]) => runCli(['store', ...args, '--sqlite', file.path]);

    const refused = await cli('rm', bindingKey);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('corrupt');
    const removed = await cli('rm', bindingKey, '--force', '--json');
    expect(removed.code).toBe(0);
    expect(JSON.parse(removed.stdout)).toEqual({ bindingKey, removed: null, unreadable: 'corrupt-record' });
    expect((await cli('show', bindingKey)).stderr).toContain(`no live binding ${bindingKey}`);
  });

  it('reads the path from RETRYSAFE_SQLITE_PATH, and a flag wins over the environment', async () => {
    const fromEnv = await runCli(['store', 'ls', '--json'], { RETRYSAFE_SQLITE_PATH: file.path });
    expect(fromEnv.code).toBe(0);
    expect(Array.isArray(JSON.parse(fromEnv.stdout))).toBe(true);
    const flagWins = await runCli(['store', 'ls', '--json', '--sqlite', file.path], { RETRYSAFE_REDIS_URL: 'redis://127.0.0.1:1' });
    expect(flagWins.code).toBe(0);
  });

  it('fails (exit 1) on a file that does not exist, and does not create it', async () => {
    const missing = `${file.path}.missing`;
    const result = await runCli(['store', 'ls', '--sqlite', missing]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`no SQLite token store at ${missing}`);
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(existsSync(missing)).toBe(false);
  });
});

describe('retrysafe store: connection flags', () => {
  it.each([
    ['no store at all', '--sqlite/--redis/--dynamodb-table', ['ls'], {}],
    ['two stores', '--sqlite and --redis', ['ls', '--sqlite', 'a.sqlite', '--redis', 'redis://127.0.0.1:1'], {}],
    ['two stores from the environment', '--sqlite and --redis', ['ls'], { RETRYSAFE_SQLITE_PATH: 'a.sqlite', RETRYSAFE_REDIS_URL: 'redis://127.0.0.1:1' }],
    ['--endpoint without DynamoDB', '--endpoint', ['ls', '--sqlite', 'a.sqlite', '--endpoint', 'http://127.0.0.1:1'], {}],
    ['--redis-key-prefix without Redis', '--redis-key-prefix', ['ls', '--sqlite', 'a.sqlite', '--redis-key-prefix', 'x:'], {}],
    ['a Redis URL of another scheme', '--redis', ['ls', '--redis', 'http://127.0.0.1:6379'], {}],
    ['DynamoDB without a Region', '--region', ['ls', '--dynamodb-table', 'tokens'], {}],
    ['a bad --limit', '--limit', ['ls', '--sqlite', 'a.sqlite', '--limit', 'ten'], {}],
    ['an unknown subcommand', 'lst', ['lst'], {}],
  ] as const)('%s: exit 2, stderr names %s', async (_name, named, args, env) => {
    const result = await runCli(['store', ...args], env);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(named);
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });
});

const describeRedis = redisTestsEnabled() ? describe : describe.skip;

describeRedis('retrysafe store on Redis', () => {
  let redis: RedisServer;
  const prefix = 'cli-test:';
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  describeStoreCommands({
    name: 'redis',
    flags: () => ['--redis', redis.url],
    env: () => ({ RETRYSAFE_REDIS_KEY_PREFIX: prefix }),
    // Redis expires keys by its own TTL, set from the writer's clock: written
    // with the real clock, a record already past expiresAt lives 1 ms.
    open: () => new RedisTokenStore({ url: redis.url, keyPrefix: prefix }),
    prunes: false,
  });

  it('fails (exit 1) with the reason, no stack, when Redis is down', async () => {
    const down = await startRedisServer();
    const url = down.url;
    await down.stop();
    const result = await runCli(['store', 'ls', '--redis', url]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("token store 'redis'");
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });
});

describe('retrysafe store on DynamoDB (dynalite)', () => {
  let dynamo: LocalDynamoDb;
  const tableName = randomTableName('cli-tokens');
  beforeAll(async () => {
    dynamo = await startDynalite();
    const client = localDynamoDbClient(dynamo);
    try {
      await createTokenTable({ client, tableName });
    } finally {
      client.destroy();
    }
  });
  afterAll(async () => {
    await dynamo?.stop();
  });

  describeStoreCommands({
    name: 'dynamodb',
    flags: () => ['--dynamodb-table', tableName, '--endpoint', dynamo.endpoint, '--region', LOCAL_REGION],
    env: () => ({
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_EC2_METADATA_DISABLED: 'true',
    }),
    open: ({ past } = {}) =>
      new DynamoDbTokenStore({
        client: localDynamoDbClient(dynamo),
        tableName,
        destroyClientOnClose: true,
        ...(past ? { now: () => Date.now() - 2 * HOUR_MS } : {}),
      }),
    prunes: true,
  });

  it('fails (exit 1) with the reason when the table does not exist', async () => {
    const result = await runCli(['store', 'ls', '--dynamodb-table', 'no-such-table', '--endpoint', dynamo.endpoint, '--region', LOCAL_REGION], {
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("token store 'dynamodb'");
    expect(result.stderr).toMatch(/ResourceNotFound|not found|non-existent/i);
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });
});
