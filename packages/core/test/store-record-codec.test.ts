import {
  decodeTokenRecord,
  encodeTokenRecord,
  TOKEN_RECORD_FORMAT_VERSION,
  TokenStoreError,
  type TokenRecord,
  type TokenStoreErrorKind,
} from '@retrysafe/core';
import { sampleTokenRecord } from '@retrysafe/core/testing';
import fc from 'fast-check';
import { hexDigest, validRecord } from './support/token-record-arbitraries.js';

const STORE = 'sqlite';
const hex = (char: string, length = 64): string => char.repeat(length);

const record: TokenRecord = {
  bindingKey: hex('a'),
  token: '8a1f3c2e-0d4b-8c6a-9e7f-123456789abc',
  fingerprint: hex('b'),
  memberDigests: { ImageId: hex('c'), InstanceType: hex('d'), UserData: hex('e') },
  status: 'pending',
  createdAt: 1_790_000_000_000,
  expiresAt: 1_790_086_400_000,
  updatedAt: 1_790_000_000_000,
};

/** The version-1 row for `record`, as a plain object to damage. */
const row = (): Record<string, unknown> => JSON.parse(encodeTokenRecord(record)) as Record<string, unknown>;
const without = (field: string): string => {
  const { [field]: _gone, ...rest } = row();
  return JSON.stringify(rest);
};
const withField = (field: string, value: unknown): string => JSON.stringify({ ...row(), [field]: value });

function decodeError(text: string): TokenStoreError {
  try {
    decodeTokenRecord(text, STORE);
  } catch (error) {
    expect(error).toBeInstanceOf(TokenStoreError);
    return error as TokenStoreError;
  }
  throw new Error(`decoded a row that should have been refused: ${text}`);
}

describe('token record codec', () => {
  it('writes version 1 JSON that reads back as the same record', () => {
    const text = encodeTokenRecord(record);
    expect(JSON.parse(text)).toMatchObject({ v: TOKEN_RECORD_FORMAT_VERSION });
    expect(TOKEN_RECORD_FORMAT_VERSION).toBe(1);
    expect(decodeTokenRecord(text, STORE)).toEqual(record);
  });

  it('reads back a record with many members exactly, frozen', () => {
    const many = sampleTokenRecord({ members: 500 });
    const decoded = decodeTokenRecord(encodeTokenRecord(many), STORE);
    expect(decoded).toEqual(many);
    expect(Object.isFrozen(decoded)).toBe(true);
    expect(Object.isFrozen(decoded.memberDigests)).toBe(true);
  });

  it('writes one text per record, whatever the order of member digests', () => {
    const reversed = { ...record, memberDigests: Object.fromEntries(Object.entries(record.memberDigests).reverse()) };
    expect(encodeTokenRecord(reversed)).toBe(encodeTokenRecord(record));
  });

  it('is the identity from encode to decode for any valid record (property)', () => {
    fc.assert(
      fc.property(validRecord, (original) => {
        expect(decodeTokenRecord(encodeTokenRecord(original, STORE), STORE)).toEqual(original);
      }),
      { numRuns: 500 },
    );
  });

  const corruptRows: ReadonlyArray<[string, string]> = [
    ['empty text', ''],
    ['not JSON', 'pending:abc'],
    ['truncated JSON', encodeTokenRecord(record).slice(0, -1)],
    ['JSON null', 'null'],
    ['a JSON array', JSON.stringify([row()])],
    ['a JSON string', JSON.stringify(encodeTokenRecord(record))],
    ['a number', '42'],
    ['no version', without('v')],
    ['version as text', withField('v', '1')],
    ['version 0', withField('v', 0)],
    ['fractional version', withField('v', 1.5)],
    ...['bindingKey', 'token', 'fingerprint', 'memberDigests', 'status', 'createdAt', 'expiresAt', 'updatedAt'].map(
      (field): [string, string] => [`missing ${field}`, without(field)],
    ),
    ['bindingKey in uppercase hex', withField('bindingKey', hex('A'))],
    ['bindingKey too short', withField('bindingKey', hex('a', 8))],
    ['bindingKey of odd length', withField('bindingKey', hex('a', 63))],
    ['bindingKey not hex', withField('bindingKey', hex('g'))],
    ['fingerprint as a number', withField('fingerprint', 123)],
    ['empty token', withField('token', '')],
    ['token with a newline', withField('token', 'abc\ndef')],
    ['token with non-ASCII', withField('token', 'tökén')],
    ['token too long', withField('token', 'x'.repeat(4097))],
    ['token as a number', withField('token', 7)],
    ['memberDigests as an array', withField('memberDigests', [hex('c')])],
    ['memberDigests null', withField('memberDigests', null)],
    ['member digest not hex', withField('memberDigests', { ImageId: 'plain-text-value' })],
    ['member digest as a number', withField('memberDigests', { ImageId: 5 })],
    ['empty member name', withField('memberDigests', { '': hex('c') })],
    ['unknown status', withField('status', 'done')],
    ['status in another case', withField('status', 'PENDING')],
    ['createdAt as text', withField('createdAt', '1790000000000')],
    ['expiresAt null', withField('expiresAt', null)],
    ['updatedAt negative', withField('updatedAt', -1)],
    ['expiresAt infinite (1e400)', encodeTokenRecord(record).replace('"expiresAt":1790086400000', '"expiresAt":1e400')],
    // Version 1 is a closed set of fields: a new field means a new version, so
    // a v1 row with a field this reader does not know is foreign, not ours.
    ['an unknown extra field', withField('owner', 'someone')],
    ['a raw parameter smuggled in', withField('input', { UserData: 'secret' })],
  ];

  it.each(corruptRows)('refuses a row with %s as corrupt-record', (_label, text) => {
    const error = decodeError(text);
    expect(error.kind).toBe<TokenStoreErrorKind>('corrupt-record');
    expect(error.store).toBe(STORE);
    expect(error.action).toBe('decode');
    expect(error.retryable).toBe(false);
  });

  it('never puts a row value in the error message', () => {
    const secretToken = 'SECRET-token-value-0001';
    const error = decodeError(JSON.stringify({ ...row(), token: secretToken, status: 'bogus' }));
    expect(error.message).toContain("'status'");
    expect(error.message).not.toContain(secretToken);
  });

  it('refuses a row from a newer format as unsupported-version, whatever else it holds', () => {
    for (const text of [withField('v', 2), JSON.stringify({ v: 2, layout: 'new' }), withField('v', 17)]) {
      const error = decodeError(text);
      expect(error.kind).toBe<TokenStoreErrorKind>('unsupported-version');
      expect(error.message).toMatch(/version \d+ token record/);
      expect(error.retryable).toBe(false);
    }
  });

  it('refuses to encode an invalid record, so no store writes a row it cannot read', () => {
    for (const bad of [
      { ...record, status: 'done' },
      { ...record, token: '' },
      { ...record, createdAt: Number.NaN },
      { ...record, memberDigests: { ImageId: 'raw value' } },
    ]) {
      expect(() => encodeTokenRecord(bad as TokenRecord, STORE)).toThrow(
        expect.objectContaining({ name: 'TokenStoreError', kind: 'corrupt-record', action: 'encode', store: STORE }),
      );
    }
  });

  it('refuses arbitrary text and arbitrary JSON with a TokenStoreError, never a record (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.json()), (text) => {
        expect(() => decodeTokenRecord(text, STORE)).toThrow(TokenStoreError);
      }),
      { numRuns: 1000 },
    );
  });

  it('decodes a damaged row only when the damage left a valid record, and then returns what the row says (property)', () => {
    const fields = [...Object.keys(row()), 'extra'];
    const damage = fc.record({
      field: fc.constantFrom(...fields),
      value: fc.oneof(fc.jsonValue(), hexDigest, fc.constantFrom('pending', 'failed', 1, 2)),
      drop: fc.boolean(),
    });
    fc.assert(
      fc.property(validRecord, damage, (original, { field, value, drop }) => {
        const damaged: Record<string, unknown> = JSON.parse(encodeTokenRecord(original)) as Record<string, unknown>;
        if (drop) delete damaged[field];
        else damaged[field] = value;
        const text = JSON.stringify(damaged);
        let decoded: TokenRecord;
        try {
          decoded = decodeTokenRecord(text, STORE);
        } catch (error) {
          expect(error).toBeInstanceOf(TokenStoreError);
          return;
        }
        // It decoded: the row must be exactly a version-1 encoding of the result.
        expect(JSON.parse(encodeTokenRecord(decoded))).toEqual(JSON.parse(text));
      }),
      { numRuns: 1000 },
    );
  });
});
