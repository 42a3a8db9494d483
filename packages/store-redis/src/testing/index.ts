// @retrysafe/store-redis/testing: a real redis-server for tests, and a minimal client (plain Node, no Jest needed).
export {
  findRedisServer,
  REDIS_SERVER_MISSING,
  startRedisServer,
  type RedisServer,
  type StartRedisServerOptions,
} from './redis-server.js';
export { redisTestsEnabled } from './redis-tests-enabled.js';
export { connectRespClient, type RespClient } from './resp-client.js';
