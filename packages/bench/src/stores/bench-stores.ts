import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryTokenStore, type TokenStore } from '@retrysafe/core';
import { createTokenTable, DynamoDbTokenStore } from '@retrysafe/store-dynamodb';
import {
  countRequests,
  findDynamoDbLocal,
  localDynamoDbClient,
  randomTableName,
  startDynalite,
  startDynamoDbLocal,
  type LocalDynamoDb,
} from '@retrysafe/store-dynamodb/testing';
import { RedisTokenStore } from '@retrysafe/store-redis';
import { createClient } from 'redis';
import { findRedisServer, REDIS_SERVER_MISSING, startRedisServer } from '@retrysafe/store-redis/testing';
import { SqliteTokenStore, type SqliteSynchronousMode } from '@retrysafe/store-sqlite';
import { CountingRedisClient } from './counting-redis-client.js';

export const STORE_KINDS = ['memory', 'sqlite', 'redis', 'dynamodb'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

/** A store ready for a benchmark, with what it runs on and how to count its network round trips. */
export interface BenchStore {
  readonly kind: StoreKind;
  readonly store: TokenStore;
  /** What the store talks to, for the report ('redis-server 127.0.0.1', 'DynamoDB Local', ...). */
  readonly backend: string;
  /**
   * Requests the store sent to its server since the last reset, by command
   * or operation; undefined for in-process stores (memory, SQLite).
   */
  readonly wire?: {
    reset(): Promise<void>;
    calls(): Promise<Readonly<Record<string, number>>>;
  };
  close(): Promise<void>;
}

/** The store could not be opened here (its server is missing): the run says why and goes on. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

export function openMemoryStore(): BenchStore {
  return { kind: 'memory', store: new MemoryTokenStore(), backend: 'in process', close: async () => {} };
}

/** A SQLite store on a fresh file in the temp folder, removed on close. */
export async function openSqliteStore(synchronous: SqliteSynchronousMode = 'full'): Promise<BenchStore> {
  const directory = mkdtempSync(join(tmpdir(), 'retrysafe-bench-sqlite-'));
  const store = new SqliteTokenStore({ path: join(directory, 'tokens.sqlite'), synchronous });
  try {
    await store.open();
  } catch (error) {
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
  return {
    kind: 'sqlite',
    store,
    backend: `file in ${tmpdir()}, synchronous=${synchronous}`,
    close: async () => {
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/**
 * A Redis store on a redis-server of its own (127.0.0.1, free port), stopped
 * on close. The store talks through a node-redis client wrapped to count the
 * commands it sends.
 */
export async function openRedisStore(): Promise<BenchStore> {
  if (findRedisServer() === undefined) throw new StoreUnavailableError(REDIS_SERVER_MISSING);
  const server = await startRedisServer();
  const connection = createClient({ url: server.url, disableOfflineQueue: true });
  try {
    await connection.connect();
    const counting = new CountingRedisClient(connection);
    const store = new RedisTokenStore({ client: counting });
    return {
      kind: 'redis',
      store,
      backend: `redis-server on 127.0.0.1:${server.port}`,
      wire: { reset: async () => counting.reset(), calls: async () => counting.calls },
      close: async () => {
        await store.close();
        connection.destroy();
        await server.stop();
      },
    };
  } catch (error) {
    connection.destroy();
    await server.stop();
    throw error;
  }
}

/**
 * A DynamoDB store on DynamoDB Local when Java and the jar are here (it
 * answers conditional writes like DynamoDB), else on dynalite (which does
 * not return the standing item on a failed condition, so a repeated key's
 * bind takes one more read).
 */
export async function openDynamoDbStore(): Promise<BenchStore> {
  const local = findDynamoDbLocal();
  const server: LocalDynamoDb = local.available ? await startDynamoDbLocal() : await startDynalite();
  const client = localDynamoDbClient(server);
  try {
    const tableName = randomTableName('retrysafe-bench');
    await createTokenTable({ client, tableName });
    const counter = countRequests(client);
    const store = new DynamoDbTokenStore({ client, tableName });
    return {
      kind: 'dynamodb',
      store,
      backend: local.available ? 'DynamoDB Local on 127.0.0.1' : `dynalite on 127.0.0.1 (DynamoDB Local unavailable: ${local.reason})`,
      wire: {
        reset: async () => counter.reset(),
        calls: async () => counter.byOperation,
      },
      close: async () => {
        await store.close();
        client.destroy();
        await server.stop();
      },
    };
  } catch (error) {
    client.destroy();
    await server.stop();
    throw error;
  }
}

export function openBenchStore(kind: StoreKind): Promise<BenchStore> {
  switch (kind) {
    case 'memory':
      return Promise.resolve(openMemoryStore());
    case 'sqlite':
      return openSqliteStore();
    case 'redis':
      return openRedisStore();
    case 'dynamodb':
      return openDynamoDbStore();
  }
}
