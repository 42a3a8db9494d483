import { createHash } from 'node:crypto';

/** A Lua script, sent by SHA-1 (EVALSHA) and by source only when the server lacks it. */
export interface RedisScript {
  readonly source: string;
  readonly sha1: string;
}

function script(source: string): RedisScript {
  return { source, sha1: createHash('sha1').update(source).digest('hex') };
}

/** What BIND_SCRIPT answers in its first element. */
export const BIND_WROTE = 1;
export const BIND_FOUND = 0;
export const BIND_FOREIGN = 2;

/**
 * Put-if-absent that hands back what stands, in one round trip:
 * `SET NX PX` semantics plus the existing value when the key is taken.
 * KEYS[1] the binding; ARGV[1] the encoded record; ARGV[2] its TTL, ms.
 * Answers {1} (written), {0, existing} (a binding stood) or {2} (the key
 * holds something that is not a string: not ours).
 */
export const BIND_SCRIPT = script(`
local existing = redis.pcall('GET', KEYS[1])
if type(existing) == 'table' and existing.err then return {${BIND_FOREIGN}} end
if existing then return {${BIND_FOUND}, existing} end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return {${BIND_WROTE}}
`);

/**
 * Compare-and-set of a whole value, keeping the key's TTL (the server's
 * clock keeps deciding when the binding ends). KEYS[1] the binding;
 * ARGV[1] the value read; ARGV[2] the value to write. Answers 1 when it wrote.
 */
export const REPLACE_SCRIPT = script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
  return 1
end
return 0
`);
