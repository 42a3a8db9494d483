import { statSync } from 'node:fs';
import type { TokenStore } from '@retrysafe/core';
import { Option, type Command } from 'commander';
import { REGION_ENV_VARS, regionFromEnv } from './aws-region.js';
import { CommandFailure, UsageError } from './cli-errors.js';
import { nonEmptyText } from './flag-values.js';

/** The connection flags every `store` subcommand takes (each may come from the environment). */
export interface StoreFlags {
  readonly sqlite?: string;
  readonly redis?: string;
  readonly redisKeyPrefix?: string;
  readonly dynamodbTable?: string;
  readonly endpoint?: string;
  readonly region?: string;
}

/** The environment variables behind the connection flags (documented in --help and the README). */
export const STORE_ENV_VARS = {
  sqlite: 'RETRYSAFE_SQLITE_PATH',
  redis: 'RETRYSAFE_REDIS_URL',
  redisKeyPrefix: 'RETRYSAFE_REDIS_KEY_PREFIX',
  dynamodbTable: 'RETRYSAFE_DYNAMODB_TABLE',
  endpoint: 'RETRYSAFE_DYNAMODB_ENDPOINT',
} as const;

type Backend = 'sqlite' | 'redis' | 'dynamodbTable';
const BACKEND_FLAGS: Readonly<Record<Backend, string>> = { sqlite: '--sqlite', redis: '--redis', dynamodbTable: '--dynamodb-table' };
const BACKENDS = Object.keys(BACKEND_FLAGS) as Backend[];
/** Flags that belong to one backend only. */
const BACKEND_ONLY: ReadonlyArray<readonly [keyof StoreFlags, string, Backend]> = [
  ['redisKeyPrefix', '--redis-key-prefix', 'redis'],
  ['endpoint', '--endpoint', 'dynamodbTable'],
  ['region', '--region', 'dynamodbTable'],
];
const REDIS_URL = /^rediss?:\/\//;
const CHOOSE_ONE = `pass one of --sqlite PATH, --redis URL or --dynamodb-table NAME (or set ${STORE_ENV_VARS.sqlite}, ${STORE_ENV_VARS.redis} or ${STORE_ENV_VARS.dynamodbTable})`;

/** Adds the connection flags to one `store` subcommand. */
export function addStoreFlags(command: Command): Command {
  return command
    .addOption(new Option('--sqlite <path>', 'SQLite token store file').env(STORE_ENV_VARS.sqlite).argParser(nonEmptyText))
    .addOption(new Option('--redis <url>', 'Redis token store, redis://host:port').env(STORE_ENV_VARS.redis).argParser(nonEmptyText))
    .addOption(
      new Option('--redis-key-prefix <prefix>', "prefix of the store's Redis keys (default retrysafe:)").env(STORE_ENV_VARS.redisKeyPrefix),
    )
    .addOption(new Option('--dynamodb-table <name>', 'DynamoDB token store table').env(STORE_ENV_VARS.dynamodbTable).argParser(nonEmptyText))
    .addOption(new Option('--endpoint <url>', 'DynamoDB endpoint (DynamoDB Local)').env(STORE_ENV_VARS.endpoint).argParser(nonEmptyText))
    .addOption(new Option('--region <region>', "DynamoDB table's Region (default: AWS_REGION, AWS_DEFAULT_REGION)").argParser(nonEmptyText));
}

// Each backend's package (and its driver: node-redis, the DynamoDB client) is
// loaded only when that store is opened, so other commands start fast.

/**
 * Opens the one store the flags name. A flag wins over the environment, so a
 * shell with RETRYSAFE_REDIS_URL exported can still look at a SQLite file.
 */
export async function openStore(flags: StoreFlags, command: Command, env: NodeJS.ProcessEnv): Promise<TokenStore> {
  const given = BACKENDS.filter((backend) => flags[backend] !== undefined);
  const fromFlags = given.filter((backend) => command.getOptionValueSource(backend) === 'cli');
  const chosen = fromFlags.length > 0 ? fromFlags : given;
  if (chosen.length === 0) throw new UsageError('--sqlite/--redis/--dynamodb-table', `no token store: ${CHOOSE_ONE}`);
  if (chosen.length > 1) {
    throw new UsageError(chosen.map((backend) => BACKEND_FLAGS[backend]).join(' and '), 'choose one token store');
  }
  const backend = chosen[0] as Backend;
  for (const [name, flag, owner] of BACKEND_ONLY) {
    if (owner !== backend && flags[name] !== undefined && command.getOptionValueSource(name) === 'cli') {
      throw new UsageError(flag, `only applies with ${BACKEND_FLAGS[owner]}`);
    }
  }
  switch (backend) {
    case 'sqlite':
      return openSqlite(flags.sqlite as string);
    case 'redis':
      return openRedis(flags.redis as string, flags.redisKeyPrefix);
    case 'dynamodbTable':
      return openDynamoDb(flags.dynamodbTable as string, flags, env);
  }
}

async function openSqlite(path: string): Promise<TokenStore> {
  // An inspection tool must not leave a new empty database behind a typo.
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new CommandFailure(`no SQLite token store at ${path} (the file does not exist)`);
  }
  if (!isFile) throw new CommandFailure(`no SQLite token store at ${path} (not a file)`);
  const { SqliteTokenStore } = await import('@retrysafe/store-sqlite');
  const store = new SqliteTokenStore({ path });
  await store.open();
  return store;
}

async function openRedis(url: string, keyPrefix: string | undefined): Promise<TokenStore> {
  if (!REDIS_URL.test(url)) throw new UsageError('--redis', 'must be a redis:// or rediss:// URL');
  const { RedisTokenStore } = await import('@retrysafe/store-redis');
  return new RedisTokenStore({ url, ...(keyPrefix === undefined ? {} : { keyPrefix }) });
}

async function openDynamoDb(tableName: string, flags: StoreFlags, env: NodeJS.ProcessEnv): Promise<TokenStore> {
  const region = flags.region ?? regionFromEnv(env);
  if (region === undefined) throw new UsageError('--region', `required with --dynamodb-table (or set ${REGION_ENV_VARS.join(' or ')})`);
  if (flags.endpoint !== undefined && !URL.canParse(flags.endpoint)) throw new UsageError('--endpoint', 'must be a URL, e.g. http://127.0.0.1:8000');
  const { createTokenStoreClient, DynamoDbTokenStore } = await import('@retrysafe/store-dynamodb');
  const client = createTokenStoreClient({ region, ...(flags.endpoint === undefined ? {} : { endpoint: flags.endpoint }) });
  return new DynamoDbTokenStore({ client, tableName, destroyClientOnClose: true });
}
