// @retrysafe/store-redis: the whole public face.
export {
  DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
  DEFAULT_REDIS_CONNECT_TIMEOUT_MS,
  DEFAULT_REDIS_KEY_PREFIX,
  RedisTokenStore,
  type RedisTokenStoreOptions,
} from './redis-token-store.js';
export type { RedisCommandClient } from './redis-command-client.js';
