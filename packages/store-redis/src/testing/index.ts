// @retrysafe/store-redis/testing: a real redis-server for tests (plain Node, no Jest needed).
export {
  findRedisServer,
  REDIS_SERVER_MISSING,
  startRedisServer,
  type RedisServer,
  type StartRedisServerOptions,
} from './redis-server.js';
export { redisTestsEnabled } from './redis-tests-enabled.js';
