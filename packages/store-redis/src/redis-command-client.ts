import type { RedisScript } from './redis-scripts.js';

/**
 * The part of a node-redis client the store uses: raw commands. Any
 * connected single-node client from `createClient` (node-redis v5 or later)
 * fits. Replies are taken as node-redis gives them by default (strings,
 * numbers, arrays, null); Buffers are read as UTF-8.
 */
export interface RedisCommandClient {
  /**
   * Sends one command, name first (`['GET', key]`), and resolves with its
   * reply; an error reply rejects. The store passes its command timeout
   * (ms) as `timeout`, and keeps its own deadline besides.
   */
  sendCommand(args: string[], options?: { timeout?: number }): Promise<unknown>;
}

/** The first word of a Redis error reply, as node-redis puts it in `message`. */
const NOSCRIPT = 'NOSCRIPT';

/** EVALSHA, falling back to EVAL (which caches the script) when the server has not seen it. */
export async function runScript(
  client: RedisCommandClient,
  script: RedisScript,
  keys: readonly string[],
  args: readonly string[],
  options: { timeout?: number },
): Promise<unknown> {
  const tail = [String(keys.length), ...keys, ...args];
  try {
    return await client.sendCommand(['EVALSHA', script.sha1, ...tail], options);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith(NOSCRIPT)) throw error;
    return client.sendCommand(['EVAL', script.source, ...tail], options);
  }
}

/** A bulk-string reply as text; null and undefined stay undefined. */
export function replyText(reply: unknown): string | undefined {
  if (reply === null || reply === undefined) return undefined;
  if (typeof reply === 'string') return reply;
  if (Buffer.isBuffer(reply)) return reply.toString('utf8');
  throw new TypeError(`unexpected Redis reply type ${typeof reply}`);
}
