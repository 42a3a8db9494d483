import { describeTokenStoreContract } from '@retrysafe/core/testing';
import { RedisTokenStore } from '@retrysafe/store-redis';
import { startRedisServer, type RedisServer } from '@retrysafe/store-redis/testing';
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
});
