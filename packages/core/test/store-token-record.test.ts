import { freezeTokenRecord, isExpired, newTokenRecord, TokenStoreError, validateTokenRecord } from '@retrysafe/core';

const digest = (char: string): string => char.repeat(64);
const init = {
  bindingKey: digest('a'),
  token: 'token-1',
  fingerprint: digest('b'),
  memberDigests: { ImageId: digest('c') },
  ttlMs: 86_400_000,
  now: 1_790_000_000_000,
};

describe('newTokenRecord', () => {
  it('builds a pending record created and updated now, expiring ttlMs later', () => {
    expect(newTokenRecord(init)).toEqual({
      bindingKey: init.bindingKey,
      token: init.token,
      fingerprint: init.fingerprint,
      memberDigests: init.memberDigests,
      status: 'pending',
      createdAt: init.now,
      updatedAt: init.now,
      expiresAt: init.now + init.ttlMs,
    });
  });

  it('stamps the current time when no time is given', () => {
    const before = Date.now();
    const record = newTokenRecord({ ...init, now: undefined });
    expect(record.createdAt).toBeGreaterThanOrEqual(before);
    expect(record.createdAt).toBeLessThanOrEqual(Date.now());
    expect(record.expiresAt - record.createdAt).toBe(init.ttlMs);
  });

  it('is a frozen copy that later changes to the digests do not reach', () => {
    const memberDigests: Record<string, string> = { ImageId: digest('c') };
    const record = newTokenRecord({ ...init, memberDigests });
    memberDigests.ImageId = digest('d');
    expect(record.memberDigests.ImageId).toBe(digest('c'));
    expect(Object.isFrozen(record)).toBe(true);
    expect(Object.isFrozen(record.memberDigests)).toBe(true);
  });

  it('refuses a ttl that is not a positive integer', () => {
    for (const ttlMs of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => newTokenRecord({ ...init, ttlMs })).toThrow(RangeError);
    }
  });

  it('refuses a ttl that would expire the binding past Number.MAX_SAFE_INTEGER, naming the longest it could take', () => {
    const longest = Number.MAX_SAFE_INTEGER - init.now;
    expect(newTokenRecord({ ...init, ttlMs: longest }).expiresAt).toBe(Number.MAX_SAFE_INTEGER);
    for (const ttlMs of [longest + 1, Number.MAX_SAFE_INTEGER]) {
      expect(() => newTokenRecord({ ...init, ttlMs })).toThrow(RangeError);
      expect(() => newTokenRecord({ ...init, ttlMs })).toThrow(`at most ${longest} ms from now`);
    }
  });

  it('refuses a time that is not a non-negative safe integer', () => {
    for (const now of [-1, 0.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN]) {
      expect(() => newTokenRecord({ ...init, now })).toThrow(RangeError);
    }
  });
});

describe('isExpired', () => {
  it('counts a record live from createdAt up to, not including, expiresAt', () => {
    const record = newTokenRecord(init);
    expect(isExpired(record, record.createdAt)).toBe(false);
    expect(isExpired(record, record.expiresAt - 1)).toBe(false);
    expect(isExpired(record, record.expiresAt)).toBe(true);
  });
});

describe('validateTokenRecord and freezeTokenRecord', () => {
  it('returns a frozen copy with exactly the record fields', () => {
    const withExtra = { ...newTokenRecord(init), extra: 'dropped' };
    const valid = validateTokenRecord(withExtra, { store: 'redis', action: 'bind' });
    expect(Object.keys(valid).sort()).toEqual(
      ['bindingKey', 'createdAt', 'expiresAt', 'fingerprint', 'memberDigests', 'status', 'token', 'updatedAt'].sort(),
    );
    expect(Object.isFrozen(valid)).toBe(true);
    expect(freezeTokenRecord(valid)).toEqual(valid);
  });

  it('reads each field once, so a getter cannot pass the check and then store something else', () => {
    const reads = new Map<PropertyKey, number>();
    const counted = <T extends object>(target: T): T =>
      new Proxy(target, {
        get: (object, name, receiver) => {
          reads.set(name, (reads.get(name) ?? 0) + 1);
          return Reflect.get(object, name, receiver) as unknown;
        },
      });
    let tokenReads = 0;
    const shifty = {
      ...newTokenRecord(init),
      memberDigests: counted({ ImageId: digest('c') }),
      // Valid when checked, a raw parameter value on any later read.
      get token(): string {
        tokenReads += 1;
        return tokenReads === 1 ? 'token-1' : 'UserData=#!/bin/bash secret';
      },
    };
    const valid = validateTokenRecord(counted(shifty), { store: 'memory', action: 'bind' });
    expect(valid.token).toBe('token-1');
    expect(tokenReads).toBe(1);
    expect(valid.memberDigests).toEqual({ ImageId: digest('c') });
    for (const [name, count] of reads) {
      if (typeof name === 'string') expect({ name, count }).toEqual({ name, count: 1 });
    }
  });

  it('refuses a time that is not a safe integer as corrupt-record: it could not be read back exactly', () => {
    const record = newTokenRecord(init);
    for (const field of ['createdAt', 'expiresAt', 'updatedAt'] as const) {
      for (const value of [Number.MAX_SAFE_INTEGER + 1, 2 ** 60, record.createdAt + 0.5]) {
        expect(() => validateTokenRecord({ ...record, [field]: value }, { store: 'sqlite', action: 'decode' })).toThrow(
          expect.objectContaining({ name: 'TokenStoreError', kind: 'corrupt-record', retryable: false }),
        );
      }
    }
    expect(validateTokenRecord({ ...record, expiresAt: Number.MAX_SAFE_INTEGER }, { store: 'sqlite', action: 'decode' }).expiresAt).toBe(
      Number.MAX_SAFE_INTEGER,
    );
  });

  it('names the store and action in its typed error', () => {
    expect(() => validateTokenRecord({ ...newTokenRecord(init), status: 'maybe' }, { store: 'redis', action: 'get' })).toThrow(
      expect.objectContaining({ name: 'TokenStoreError', store: 'redis', action: 'get', kind: 'corrupt-record' }),
    );
    expect(() => validateTokenRecord(null, { store: 'redis', action: 'get' })).toThrow(TokenStoreError);
  });
});
