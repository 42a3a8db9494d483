import { findRedisServer, REDIS_SERVER_MISSING } from '@retrysafe/store-redis/testing';

/**
 * `describe` when a redis-server can be started, and also under CI=true
 * (where a missing server must fail the run with REDIS_SERVER_MISSING from
 * `startRedisServer`, not skip it). Elsewhere, without the binary, the suite
 * is skipped with a warning.
 */
export function describeWithRedis(name: string, body: () => void): void {
  if (findRedisServer() !== undefined || process.env.CI === 'true') {
    describe(name, body);
    return;
  }
  console.warn(`skipping "${name}": ${REDIS_SERVER_MISSING}`);
  describe.skip(name, body);
}
