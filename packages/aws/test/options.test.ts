import { idempotencyPlugin, MemoryTokenStore, runWithIdempotencyKey } from '@retrysafe/aws';
import { MAX_BINDING_TTL_MS } from '../src/options.js';
import { RecordingHandler } from './support/recording-handler.js';
import { serviceCases } from './support/services.js';

const HOUR_MS = 3_600_000;
/** Values a caller might hope mean "never expire"; none can be stored exactly. */
const NEVER_EXPIRE_TRIES = [Number.MAX_SAFE_INTEGER, Number.POSITIVE_INFINITY, MAX_BINDING_TTL_MS + 1];
/** Not positive integers of ms. */
const NOT_A_DURATION = [0, -1, 1.5, Number.NaN];

describe('idempotencyPlugin: bindingTtlMs', () => {
  it.each([...NEVER_EXPIRE_TRIES, ...NOT_A_DURATION])('refuses %p with a RangeError when the plugin is made', (ttl) => {
    expect(() => idempotencyPlugin({ bindingTtlMs: ttl })).toThrow(RangeError);
    expect(() => idempotencyPlugin({ bindingTtlMs: ttl })).toThrow(/bindingTtlMs must be a positive integer/);
  });

  it('accepts up to 100 years', () => {
    expect(MAX_BINDING_TTL_MS).toBe(100 * 365 * 24 * HOUR_MS);
    for (const ttl of [1, HOUR_MS, MAX_BINDING_TTL_MS]) expect(() => idempotencyPlugin({ bindingTtlMs: ttl })).not.toThrow();
  });

  const [ec2] = serviceCases;

  it('a function giving an unstorable lifetime fails the keyed call before anything is bound or sent', async () => {
    const handler = new RecordingHandler((request) => ec2!.success(request));
    const client = ec2!.makeClient(handler);
    const store = new MemoryTokenStore();
    client.middlewareStack.use(idempotencyPlugin({ store, bindingTtlMs: () => Number.MAX_SAFE_INTEGER }));
    const sent = runWithIdempotencyKey('order-1', () => client.send(ec2!.create()));
    await expect(sent).rejects.toThrow(RangeError);
    await expect(sent).rejects.toThrow(`bindingTtlMs('${ec2!.service}', '${ec2!.createOperation}')`);
    expect(handler.requests).toHaveLength(0);
    expect(await store.list()).toEqual([]);
    client.destroy();
  });

  it('the longest lifetime binds and is read back exactly', async () => {
    const handler = new RecordingHandler((request) => ec2!.success(request));
    const client = ec2!.makeClient(handler);
    const store = new MemoryTokenStore();
    client.middlewareStack.use(idempotencyPlugin({ store, bindingTtlMs: MAX_BINDING_TTL_MS }));
    await runWithIdempotencyKey('order-2', () => client.send(ec2!.create()));
    const [record] = await store.list();
    expect(record!.expiresAt - record!.createdAt).toBe(MAX_BINDING_TTL_MS);
    client.destroy();
  });
});

describe('idempotencyPlugin: secret', () => {
  const [ec2] = serviceCases;

  async function keyedToken(secret: string | Uint8Array, change?: () => void): Promise<string | undefined> {
    const handler = new RecordingHandler((request) => ec2!.success(request));
    const client = ec2!.makeClient(handler);
    client.middlewareStack.use(idempotencyPlugin({ secret }));
    change?.();
    try {
      await runWithIdempotencyKey('order-secret', () => client.send(ec2!.create()));
    } finally {
      client.destroy();
    }
    return ec2!.tokenOf(handler.requests[0]!);
  }

  it('keeps its own copy of a byte secret: zeroing the caller’s buffer afterwards changes no token', async () => {
    const bytes = Buffer.from('a secret of some length', 'utf8');
    const expected = await keyedToken(Buffer.from(bytes));
    expect(await keyedToken(bytes, () => bytes.fill(0))).toBe(expected);
    expect(await keyedToken('another secret')).not.toBe(expected);
  });

  it('refuses an empty secret (an unset variable) and a secret of another type when the plugin is made', () => {
    expect(() => idempotencyPlugin({ secret: '' })).toThrow(RangeError);
    expect(() => idempotencyPlugin({ secret: new Uint8Array(0) })).toThrow(RangeError);
    expect(() => idempotencyPlugin({ secret: 42 as unknown as string })).toThrow(TypeError);
  });
});
