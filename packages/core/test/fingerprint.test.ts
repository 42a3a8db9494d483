import { createHash, createHmac } from 'node:crypto';
import { canonicalEncode, changedMembers, fingerprint, type Fingerprint } from '@retrysafe/core';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (secret: string, text: string): string => createHmac('sha256', secret).update(text, 'utf8').digest('hex');
/** Both fields as data (`members` is a getter, which toEqual would skip). */
const fields = (result: Fingerprint): { digest: string; members: Record<string, string> } => ({
  digest: result.digest,
  members: { ...result.members },
});

function runInstances(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ClientToken: 'c8a0f2de-1b3e-4a53-9d6f-0b8f1e2d3c4a',
    ImageId: 'ami-0abcdef1234567890',
    InstanceType: 't3.micro',
    MinCount: 1,
    MaxCount: 1,
    TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'web' }] }],
    ...overrides,
  };
}

describe('fingerprint', () => {
  it('is the hex SHA-256 of the canonical encoding', () => {
    const input = runInstances();
    const result = fingerprint(input);
    expect(result.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(result.digest).toBe(sha256(canonicalEncode(input)));
  });

  it('gives each top-level member its own digest, for naming what changed', () => {
    const input = runInstances();
    const { members } = fingerprint(input);
    expect(Object.keys(members).sort()).toEqual(Object.keys(input).sort());
    for (const [name, value] of Object.entries(input)) expect(members[name]).toBe(sha256(canonicalEncode(value)));
  });

  it('leaves excluded members (the token) out of the digest and the member digests', () => {
    const options = { exclude: ['ClientToken'] };
    const first = fingerprint(runInstances({ ClientToken: 'token-a' }), options);
    const second = fingerprint(runInstances({ ClientToken: 'token-b' }), options);
    const none = fingerprint(runInstances({ ClientToken: undefined }), options);
    const { ClientToken: _token, ...withoutToken } = runInstances();
    expect(fields(second)).toEqual(fields(first));
    expect(fields(none)).toEqual(fields(first));
    expect(first.digest).toBe(fingerprint(withoutToken).digest);
    expect(first.members).not.toHaveProperty('ClientToken');
    expect(fingerprint(runInstances({ ClientToken: 'token-a' })).digest).not.toBe(
      fingerprint(runInstances({ ClientToken: 'token-b' })).digest,
    );
  });

  it('still tells inputs apart that differ outside the excluded member', () => {
    const options = { exclude: ['ClientToken'] };
    expect(fingerprint(runInstances({ InstanceType: 't3.large' }), options).digest).not.toBe(
      fingerprint(runInstances(), options).digest,
    );
  });

  it('has a digest only for an input that is not a plain object, and ignores exclude there', () => {
    for (const input of ['ClientToken', ['ClientToken'], 42, null, undefined, new Date(0)]) {
      const result = fingerprint(input, { exclude: ['ClientToken', '0'] });
      expect(result.digest).toBe(sha256(canonicalEncode(input)));
      expect(result.members).toEqual({});
    }
  });

  it('uses HMAC-SHA-256 under a secret: different from the plain digest, stable per secret', () => {
    const input = runInstances();
    const plain = fingerprint(input);
    const keyed = fingerprint(input, { secret: 'fingerprint-secret' });
    expect(keyed.digest).toBe(hmac('fingerprint-secret', canonicalEncode(input)));
    expect(keyed.digest).not.toBe(plain.digest);
    expect(fields(fingerprint(runInstances(), { secret: 'fingerprint-secret' }))).toEqual(fields(keyed));
    expect(fingerprint(input, { secret: 'another-secret' }).digest).not.toBe(keyed.digest);
    expect(fingerprint(input, { secret: Buffer.from('fingerprint-secret') }).digest).toBe(keyed.digest);
  });

  it('keeps low-entropy members from being matched by hashing guesses when a secret is set', () => {
    const guessed = sha256(canonicalEncode('t3.micro'));
    expect(fingerprint(runInstances()).members.InstanceType).toBe(guessed);
    const keyed = fingerprint(runInstances(), { secret: 'fingerprint-secret' }).members;
    expect(keyed.InstanceType).toBe(hmac('fingerprint-secret', canonicalEncode('t3.micro')));
    expect(Object.values(keyed)).not.toContain(guessed);
  });

  it('copies a byte secret, so changing the caller array later changes nothing', () => {
    const secret = Uint8Array.from(Buffer.from('fingerprint-secret'));
    const result = fingerprint(runInstances(), { secret });
    secret.fill(0);
    expect(result.members.InstanceType).toBe(hmac('fingerprint-secret', canonicalEncode('t3.micro')));
  });

  it('refuses an empty or mistyped secret instead of hashing without protection', () => {
    expect(() => fingerprint({}, { secret: '' })).toThrow(RangeError);
    expect(() => fingerprint({}, { secret: new Uint8Array() })).toThrow(RangeError);
    expect(() => fingerprint({}, { secret: 42 as unknown as string })).toThrow(TypeError);
  });

  it('is frozen, and serialises with its member digests', () => {
    const result = fingerprint(runInstances());
    expect(Object.isFrozen(result)).toBe(true);
    expect(Object.isFrozen(result.members)).toBe(true);
    expect(result.members).toBe(result.members);
    expect(JSON.parse(JSON.stringify(result))).toEqual(fields(result));
    expect(Object.keys(fields(result).members)).toHaveLength(Object.keys(runInstances()).length);
  });

  it('keeps a __proto__ member as a member, without touching any prototype', () => {
    const input = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const { members } = fingerprint(input);
    expect(Object.keys(members).sort()).toEqual(['__proto__', 'a']);
    expect(Object.hasOwn(members, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(members)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('changedMembers', () => {
  it('names members whose digests differ, were added or were removed, sorted', () => {
    expect(changedMembers({ b: '1', a: '2', c: '3', d: '4' }, { d: '4', c: '30', a: '2', e: '5' })).toEqual(['b', 'c', 'e']);
    expect(changedMembers({}, {})).toEqual([]);
    expect(changedMembers({ a: '1' }, { a: '1' })).toEqual([]);
  });

  it('finds the changed members of two inputs from their fingerprints alone', () => {
    const options = { exclude: ['ClientToken'], secret: 'fingerprint-secret' };
    const stored = fingerprint(runInstances({ ClientToken: 'token-a' }), options).members;
    const resent = fingerprint(
      runInstances({ ClientToken: 'token-b', InstanceType: 't3.large', KeyName: 'ops', MaxCount: undefined }),
      options,
    ).members;
    expect(changedMembers(stored, resent)).toEqual(['InstanceType', 'KeyName', 'MaxCount']);
  });
});
