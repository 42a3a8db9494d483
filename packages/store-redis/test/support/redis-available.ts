import { REDIS_SERVER_MISSING, redisTestsEnabled } from '@retrysafe/store-redis/testing';

/** `describe` when Redis tests are enabled (see `redisTestsEnabled`); elsewhere skipped with a warning. */
export function describeWithRedis(name: string, body: () => void): void {
  if (redisTestsEnabled()) {
    describe(name, body);
    return;
  }
  console.warn(`skipping "${name}": ${REDIS_SERVER_MISSING}`);
  describe.skip(name, body);
}
