import { encodeTokenRecord, type TokenStore } from '@retrysafe/core';
import { describeTokenStoreContract, sampleTokenRecord } from '@retrysafe/core/testing';
import { RedisTokenStore } from '@retrysafe/store-redis';
import { connectRespClient, startRedisServer, type RedisServer, type RespClient } from '@retrysafe/store-redis/testing';
import { describeWithRedis } from './support/redis-available.js';

describeWithRedis('redis-server on 127.0.0.1', () => {
  let server: RedisServer | undefined;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  /**
   * A value that is a record expiring at `expiresAt` but for its fingerprint,
   * under the store's key, with no Redis TTL: the server keeps it, whatever
   * the record says.
   */
  async function writeUnreadable(store: TokenStore, bindingKey: string, expiresAt: number): Promise<void> {
    const expired = sampleTokenRecord({ bindingKey, now: expiresAt - 1, ttlMs: 1 });
    const damaged = JSON.stringify({ ...(JSON.parse(encodeTokenRecord(expired)) as object), fingerprint: 'not-a-digest' });
    const client = await connectRespClient((server as RedisServer).url);
    try {
      await client.sendCommand(['SET', (store as RedisTokenStore).keyPrefix + bindingKey, damaged]);
    } finally {
      await client.close();
    }
  }

  // A fresh client per test; random binding keys keep tests apart on one server.
  describeTokenStoreContract('redis', {
    create: async () => new RedisTokenStore({ url: (server as RedisServer).url }),
    writeUnreadable,
  });

  // The store on a caller's client: the minimal RESP client the crash tests use.
  const respClients = new WeakMap<TokenStore, RespClient>();
  describeTokenStoreContract('redis, caller’s client (minimal RESP)', {
    create: async () => {
      const client = await connectRespClient((server as RedisServer).url);
      const store = new RedisTokenStore({ client });
      respClients.set(store, client);
      return store;
    },
    writeUnreadable,
    destroy: async (store) => {
      await store.close?.();
      await respClients.get(store)?.close();
    },
  });
});
