import type { RedisCommandClient } from '@retrysafe/store-redis';

/** A node-redis client seen through the store's narrow interface, counting each command it sends (one round trip each). */
export class CountingRedisClient implements RedisCommandClient {
  private counts: Record<string, number> = {};

  constructor(private readonly inner: RedisCommandClient) {}

  get calls(): Readonly<Record<string, number>> {
    return { ...this.counts };
  }

  reset(): void {
    this.counts = {};
  }

  sendCommand(args: string[], options?: { timeout?: number }): Promise<unknown> {
    const command = (args[0] ?? '').toUpperCase();
    this.counts[command] = (this.counts[command] ?? 0) + 1;
    return this.inner.sendCommand(args, options);
  }
}
