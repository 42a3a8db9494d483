import { TokenStoreError, type TokenRecord } from '@retrysafe/core';
import fc from 'fast-check';
import { decodeTokenItem, encodeTokenItem, type TokenItem } from '../src/token-item.js';
import { ITEM_ATTRIBUTES, TTL_GRACE_SECONDS } from '../src/table-layout.js';

const STORE = 'dynamodb';
const DIGEST_BYTES = 32;
/** The latest instant a JavaScript Date can hold, ms. */
const MAX_DATE_MS = 8.64e15;

const hexDigest = fc.uint8Array({ minLength: DIGEST_BYTES, maxLength: DIGEST_BYTES }).map((bytes) => Buffer.from(bytes).toString('hex'));
/** Epoch ms as records hold them: non-negative safe integers, up to the largest. */
const timestamp = fc.oneof(fc.integer({ min: 0, max: MAX_DATE_MS }), fc.maxSafeNat());
const memberName = fc.oneof(fc.stringMatching(/^[\x21-\x7e]{1,24}$/), fc.constantFrom('__proto__', 'constructor', 'toString'));

const tokenRecord: fc.Arbitrary<TokenRecord> = fc.record({
  bindingKey: hexDigest,
  token: fc.stringMatching(/^[\x20-\x7e]{1,64}$/),
  fingerprint: hexDigest,
  memberDigests: fc
    .array(fc.tuple(memberName, hexDigest), { maxLength: 12 })
    .map((entries) => Object.fromEntries(entries)),
  status: fc.constantFrom('pending', 'succeeded', 'failed'),
  createdAt: timestamp,
  expiresAt: timestamp,
  updatedAt: timestamp,
});

function decodeError(item: TokenItem): TokenStoreError {
  try {
    decodeTokenItem(item, STORE, 'get');
  } catch (error) {
    if (error instanceof TokenStoreError) return error;
    throw error;
  }
  throw new Error('decoded an item that should have been refused');
}

describe('token item codec', () => {
  it('round-trips every valid record exactly, with S, N and M attributes only', () => {
    fc.assert(
      fc.property(tokenRecord, (record) => {
        const item = encodeTokenItem(record);
        expect(Object.keys(item).sort()).toEqual([...ITEM_ATTRIBUTES].sort());
        for (const value of Object.values(item)) expect(['S', 'N', 'M']).toContain(Object.keys(value)[0]);
        const decoded = decodeTokenItem(item, STORE, 'get');
        expect(decoded).toEqual(record);
        expect(Object.keys(decoded.memberDigests).sort()).toEqual(Object.keys(record.memberDigests).sort());
      }),
    );
  });

  it('writes the TTL in epoch seconds, an hour of grace after expiresAt', () => {
    fc.assert(
      fc.property(tokenRecord, (record) => {
        const ttl = Number(encodeTokenItem(record).ttl?.N);
        expect(Number.isInteger(ttl)).toBe(true);
        // The first whole second after expiresAt, then the grace.
        const expirySecond = ttl - TTL_GRACE_SECONDS;
        expect(expirySecond * 1000).toBeGreaterThan(record.expiresAt);
        expect((expirySecond - 1) * 1000).toBeLessThanOrEqual(record.expiresAt);
      }),
    );
  });

  it('refuses an item with any attribute dropped, retyped or added, as corrupt-record', () => {
    const damage = fc.oneof(
      fc.constantFrom(...ITEM_ATTRIBUTES.filter((name) => name !== 'v')).map((name) => (item: TokenItem): TokenItem => {
        const { [name]: _dropped, ...rest } = item;
        return rest;
      }),
      fc.constantFrom(...ITEM_ATTRIBUTES).map((name) => (item: TokenItem): TokenItem => {
        const value = item[name];
        const retyped = value?.S !== undefined ? { N: '1' } : { S: String(value?.N ?? 'x') };
        return { ...item, [name]: retyped };
      }),
      fc.stringMatching(/^[a-zA-Z]{1,12}$/)
        .filter((name) => !ITEM_ATTRIBUTES.includes(name))
        .map((name) => (item: TokenItem): TokenItem => ({ ...item, [name]: { S: 'x' } })),
      fc.constant((item: TokenItem): TokenItem => {
        const { v: _version, ...rest } = item;
        return rest;
      }),
    );
    fc.assert(
      fc.property(tokenRecord, damage, (record, damageItem) => {
        expect(decodeError(damageItem(encodeTokenItem(record))).kind).toBe('corrupt-record');
      }),
    );
  });

  it.each(['', ' 1', '1 ', '0x10', 'Infinity', 'NaN', '1e400', '--1', '1.'])(
    "refuses the number text '%s' as corrupt-record",
    (text) => {
      const item = encodeTokenItem(fc.sample(tokenRecord, 1)[0] as TokenRecord);
      expect(decodeError({ ...item, expiresAt: { N: text } }).kind).toBe('corrupt-record');
    },
  );

  it('refuses a value carrying two type tags', () => {
    const item = encodeTokenItem(fc.sample(tokenRecord, 1)[0] as TokenRecord);
    const twoTags = { S: 'x', N: '1' } as unknown as TokenItem[string];
    expect(decodeError({ ...item, token: twoTags }).kind).toBe('corrupt-record');
  });

  it('refuses any newer format version as unsupported-version, whatever else the item holds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 1_000_000 }),
        fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.string().map((text) => ({ S: text }))),
        (version, rest) => {
          const error = decodeError({ ...rest, v: { N: String(version) } });
          expect(error.kind).toBe('unsupported-version');
          expect(error.retryable).toBe(false);
        },
      ),
    );
  });
});
