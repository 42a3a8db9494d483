import type { TokenStore } from '@retrysafe/core';
import { describeTokenStoreContract } from '@retrysafe/core/testing';
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

  // A fresh client per test; random binding keys keep tests apart on one server.
  describeTokenStoreContract('redis', {
    create: async () => new RedisTokenStore({ url: (server as RedisServer).url }),
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
    destroy: async (store) => {
      await store.close?.();
      await respClients.get(store)?.close();
    },
  });
});
