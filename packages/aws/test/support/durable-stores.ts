import { temporarySqliteFile } from '@retrysafe/store-sqlite/testing';
import { REDIS_SERVER_MISSING, redisTestsEnabled, startRedisServer } from '@retrysafe/store-redis/testing';
import { SqliteTokenStore } from '@retrysafe/store-sqlite';
import { RedisTokenStore } from '@retrysafe/store-redis';
import type { TokenStore } from '@retrysafe/core';

/** A durable store's backing server or file, for tests that run processes against it. */
export interface DurableStoreFixture {
  readonly kind: 'sqlite' | 'redis';
  /** What a child process needs to open the store: a file path or a redis:// URL. */
  readonly target: string;
  /** A store in this process, on the same backing server or file. */
  open(): TokenStore;
  /** Stops the server / removes the file. */
  dispose(): Promise<void>;
}

export type DurableStoreKind = DurableStoreFixture['kind'];

/** The durable stores this machine can test; Redis needs redis-server (always required under CI=true). */
export function durableStoreKinds(): DurableStoreKind[] {
  if (redisTestsEnabled()) return ['sqlite', 'redis'];
  console.warn(`skipping the Redis store: ${REDIS_SERVER_MISSING}`);
  return ['sqlite'];
}

export async function startDurableStore(kind: DurableStoreKind): Promise<DurableStoreFixture> {
  if (kind === 'sqlite') {
    const file = temporarySqliteFile();
    return {
      kind,
      target: file.path,
      open: () => new SqliteTokenStore({ path: file.path }),
      dispose: async () => file.remove(),
    };
  }
  const server = await startRedisServer();
  return {
    kind,
    target: server.url,
    open: () => new RedisTokenStore({ url: server.url }),
    dispose: () => server.stop(),
  };
}
