import { findRedisServer } from './redis-server.js';

/**
 * Whether Redis tests should run: when a redis-server is installed, and
 * always under CI=true, where a missing server must fail the run (through
 * `startRedisServer`'s REDIS_SERVER_MISSING error) rather than skip it.
 */
export function redisTestsEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === 'true' || findRedisServer(env) !== undefined;
}
