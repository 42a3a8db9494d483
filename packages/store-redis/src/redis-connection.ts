import { createClient } from 'redis';
import type { RedisCommandClient } from './redis-command-client.js';

/** Reconnect delays after a lost connection: capped exponential, with jitter so a fleet does not reconnect in step. */
const RECONNECT_BASE_MS = 50;
const RECONNECT_CAP_MS = 1_000;
const RECONNECT_JITTER_MS = 50;

export function reconnectDelayMs(retries: number): number {
  const exponential = Math.min(RECONNECT_CAP_MS, RECONNECT_BASE_MS * 2 ** Math.min(retries, 16));
  return exponential + Math.floor(Math.random() * RECONNECT_JITTER_MS);
}

/**
 * The store's own node-redis client, built to fail fast and heal itself:
 * the offline queue is off (a command while disconnected fails at once
 * instead of waiting for the server), and the client reconnects forever in
 * the background, so the same store works again when the server is back.
 */
export class OwnedRedisConnection {
  readonly client: RedisCommandClient;
  private readonly redis: ReturnType<typeof createClient>;
  private connecting?: Promise<void>;
  private everReady = false;

  constructor(url: string, connectTimeoutMs: number) {
    this.redis = createClient({
      url,
      disableOfflineQueue: true,
      socket: { connectTimeout: connectTimeoutMs, reconnectStrategy: reconnectDelayMs },
    });
    // Connection errors reach callers through their failing commands; without
    // a listener node-redis would throw them at the process.
    this.redis.on('error', () => undefined);
    this.redis.on('ready', () => {
      this.everReady = true;
    });
    this.client = this.redis;
  }

  /**
   * Connects on first use and waits up to `waitMs` for the first connection.
   * Once the client has been connected, never waits: while it reconnects,
   * commands fail at once with 'unavailable'.
   */
  async ready(waitMs: number): Promise<void> {
    if (this.connecting === undefined) {
      this.connecting = this.redis.connect().then(() => undefined);
      this.connecting.catch(() => undefined);
    }
    if (this.redis.isReady || this.everReady) return;
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
    try {
      await Promise.race([this.connecting.catch(() => undefined), waited]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends the client; safe to call twice. */
  async close(): Promise<void> {
    if (this.connecting === undefined || !this.redis.isOpen) return;
    if (this.redis.isReady) await this.redis.close();
    else this.redis.destroy();
  }
}
