import type { RedisCommandClient } from './redis-command-client.js';
import { isMisconfigurationReply } from './redis-errors.js';

/** What the store uses of its own node-redis client. */
interface NodeRedisClient extends RedisCommandClient {
  readonly isOpen: boolean;
  readonly isReady: boolean;
  connect(): Promise<unknown>;
  close(): Promise<unknown>;
  destroy(): void;
}

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
 * node-redis is loaded on first use, so a store given its own client never
 * loads it.
 */
export class OwnedRedisConnection {
  private redis?: Promise<NodeRedisClient>;
  private connecting?: Promise<void>;
  private everReady = false;
  private closed = false;
  /**
   * Why the last connection attempt failed, when Redis refused its AUTH:
   * commands then fail with that reason (misconfigured) instead of "the
   * client is offline" (an outage) while node-redis keeps trying.
   */
  private refusedAuth: Error | undefined;

  constructor(
    private readonly url: string,
    private readonly connectTimeoutMs: number,
  ) {}

  /**
   * The client, connecting on first use and waiting up to `waitMs` for the
   * first connection. Once the client has been connected, never waits: while
   * it reconnects, commands fail at once with 'unavailable'. While Redis
   * refuses the URL's credentials, throws that refusal ('misconfigured').
   */
  async client(waitMs: number): Promise<RedisCommandClient> {
    if (this.closed) throw new Error('the Redis client is closed');
    this.redis ??= this.create();
    const redis = await this.redis;
    if (this.closed) throw new Error('the Redis client is closed');
    if (this.connecting === undefined) {
      this.connecting = redis.connect().then(() => undefined);
      this.connecting.catch(() => undefined);
    }
    if (!redis.isReady && !this.everReady) await fulfilsWithin(this.connecting, waitMs);
    if (!redis.isReady && this.refusedAuth !== undefined) throw this.refusedAuth;
    return redis;
  }

  /**
   * Ends the client; safe to call twice. A graceful close waits for every
   * pending reply, and a command the store gave up on (its timeout passed)
   * is still pending in node-redis: against a hung server that wait never
   * ends. So the graceful close gets `graceMs`, then the socket is destroyed
   * (rejecting whatever is still pending).
   */
  async close(graceMs: number): Promise<void> {
    this.closed = true;
    const redis = await this.redis?.catch(() => undefined);
    if (redis === undefined || this.connecting === undefined || !redis.isOpen) return;
    if (redis.isReady && (await fulfilsWithin(redis.close(), graceMs))) return;
    if (redis.isOpen) redis.destroy();
  }

  private async create(): Promise<NodeRedisClient> {
    const { createClient } = await import('redis');
    const redis = createClient({
      url: this.url,
      disableOfflineQueue: true,
      socket: { connectTimeout: this.connectTimeoutMs, reconnectStrategy: reconnectDelayMs },
    });
    // Connection errors reach callers through their failing commands; without
    // a listener node-redis would throw them at the process.
    redis.on('error', (error: unknown) => {
      // Any other failure (the server gone, say) replaces the refusal: it is the newer news.
      this.refusedAuth = isMisconfigurationReply(error) ? (error as Error) : undefined;
    });
    redis.on('ready', () => {
      this.everReady = true;
      this.refusedAuth = undefined;
    });
    return redis;
  }
}

/** Whether `work` fulfils within `ms` (a rejection counts as not); the timer goes either way. */
async function fulfilsWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([
      work.then(
        () => true,
        () => false,
      ),
      expired,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
