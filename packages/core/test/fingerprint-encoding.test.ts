import { Readable } from 'node:stream';
import { runInNewContext } from 'node:vm';
import { canonicalEncode, fingerprint, freezeInput, MAX_INPUT_DEPTH, snapshotInput, UnsupportedInputError } from '@retrysafe/core';

/** Values that must all encode differently from each other. */
function distinctValues(): [label: string, value: unknown][] {
  const hole: unknown[] = [];
  hole.length = 1;
  return [
    ['undefined', undefined],
    ['null', null],
    ['true', true],
    ['false', false],
    ['0', 0],
    ['-0', -0],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['1', 1],
    ['1.5', 1.5],
    ['1n', 1n],
    ['0n', 0n],
    ["'1'", '1'],
    ["'NaN'", 'NaN'],
    ["'true'", 'true'],
    ["'null'", 'null'],
    ["''", ''],
    ["'\\uD800' (lone surrogate)", '\uD800'],
    ["'\\uFFFD'", '\uFFFD'],
    ["'\\uDC00'", '\uDC00'],
    ['[]', []],
    ['{}', {}],
    ['[undefined]', [undefined]],
    ['[<hole>]', hole],
    ['[null]', [null]],
    ['[[]]', [[]]],
    ["['a']", ['a']],
    ["{ 0: 'a' }", { 0: 'a' }],
    ["{ a: undefined }", { a: undefined }],
    ["{ a: null }", { a: null }],
    ['Date(0)', new Date(0)],
    ['Date(1)', new Date(1)],
    ['invalid Date', new Date(Number.NaN)],
    ['empty bytes', new Uint8Array()],
    ['bytes [1, 2]', Uint8Array.of(1, 2)],
    ['array [1, 2]', [1, 2]],
    ["['ab', 'c']", ['ab', 'c']],
    ["['a', 'bc']", ['a', 'bc']],
    ["{ a: 'bc' }", { a: 'bc' }],
    ["{ ab: 'c' }", { ab: 'c' }],
    ["{ a: 's1:b' }", { a: 's1:b' }],
    ["{ a: 'b', c: 'd' }", { a: 'b', c: 'd' }],
    ["{ a: 'b}', c: 'd' }", { a: 'b}', c: 'd' }],
  ];
}

describe('canonicalEncode', () => {
  it('gives every distinct value its own encoding', () => {
    const values = distinctValues();
    const seen = new Map<string, string>();
    for (const [label, value] of values) {
      const encoding = canonicalEncode(value);
      expect({ label, collidesWith: seen.get(encoding) }).toEqual({ label, collidesWith: undefined });
      seen.set(encoding, label);
    }
    expect(seen.size).toBe(values.length);
  });

  it('keeps the pairs the rules single out apart', () => {
    const pairs: [unknown, unknown][] = [
      [{ PrivateIpAddress: undefined }, {}],
      [0, -0],
      [Number.NaN, 'NaN'],
      [1n, 1],
      [new Date(0), 0],
      [new Date(Number.NaN), new Date(0)],
      [['a'], { 0: 'a' }],
      [[undefined], Object.assign(new Array(1), {})],
      [Uint8Array.of(104, 105), 'hi'],
      [Uint8Array.of(1, 2), [1, 2]],
      ['\uD800', '\uFFFD'],
    ];
    for (const [a, b] of pairs) expect(canonicalEncode(a)).not.toBe(canonicalEncode(b));
  });

  it('ignores member order, at every depth', () => {
    const a = { ImageId: 'ami-1', Tags: [{ Key: 'k', Value: 'v' }], Placement: { Tenancy: 'default', AvailabilityZone: 'az' } };
    const b = { Placement: { AvailabilityZone: 'az', Tenancy: 'default' }, Tags: [{ Value: 'v', Key: 'k' }], ImageId: 'ami-1' };
    expect(canonicalEncode(a)).toBe(canonicalEncode(b));
  });

  it('sorts members by UTF-16 code unit, not by locale or code point', () => {
    // U+FF61 is one code unit above the surrogates, so it sorts after the astral U+1F600.
    const encoding = canonicalEncode({ '\uFF61': 1, '\u{1F600}': 2, b: 3, B: 4, a: 5 });
    const order = ['B', 'a', 'b', '\u{1F600}', '\uFF61'].map((key) => encoding.indexOf(`:${key}`));
    expect(order).toEqual([...order].sort((x, y) => x - y));
    expect(order.every((position) => position > 0)).toBe(true);
  });

  it('encodes equal values equally, whatever object or container type holds them', () => {
    const bytes = Uint8Array.of(0, 1, 254, 255);
    const pairs: [unknown, unknown][] = [
      [{ a: 1 }, Object.assign(Object.create(null), { a: 1 })],
      [new Date(1_700_000_000_000), new Date(1_700_000_000_000)],
      [new Date(Number.NaN), new Date('not a date')],
      [bytes, Buffer.from(bytes)],
      [bytes, bytes.buffer],
      [bytes, new DataView(bytes.buffer)],
      [Uint8Array.of(2, 3), new Uint8Array(Uint8Array.of(1, 2, 3, 4).buffer, 1, 2)],
      [Number.NaN, Number.NaN],
      [0.1 + 0.2, 0.30000000000000004],
      [{ a: [1, { b: 2n }] }, runInNewContext('({ a: [1, { b: 2n }] })')],
      [{ when: new Date(5) }, runInNewContext('({ when: new Date(5) })')],
      [{ body: Uint8Array.of(7) }, runInNewContext('({ body: Uint8Array.of(7) })')],
    ];
    for (const [a, b] of pairs) expect(canonicalEncode(a)).toBe(canonicalEncode(b));
  });

  it('accepts repeated references that are not cycles', () => {
    const shared = { Key: 'team', Value: 'core' };
    const withShared = { Tags: [shared, shared], Default: shared };
    const withCopies = { Tags: [{ ...shared }, { ...shared }], Default: { ...shared } };
    expect(canonicalEncode(withShared)).toBe(canonicalEncode(withCopies));
  });

  it('keeps its grammar across releases, so stored fingerprints stay comparable after an upgrade', () => {
    const input = { f: 'é', b: [1, -0, 'x'], a: { u: undefined, n: null }, c: 10n, d: new Date(0), e: Uint8Array.of(0, 255) };
    expect(canonicalEncode(input)).toBe('{s1:a{s1:nns1:uu}s1:b[d1;d-0;s1:x]s1:ci10;s1:dD0;s1:eb00ff;s1:fs1:é}');
    // Computed independently (Python hashlib) from the text above.
    expect(fingerprint(input).digest).toBe('e1dfde75ffac70cbc4af6825f73c5493fa63569d9fbe2ea01fe6e11f1d806dd8');
    expect(fingerprint(input, { secret: 'fingerprint-secret' }).digest).toBe(
      '1b0fd4470c04379ea81534226fa5b4f04ae044360804ca74b0d1e6d26ee9c24f',
    );
  });

  it('spells out the code units of a string with a lone surrogate', () => {
    expect(canonicalEncode('\uD800x')).toBe('w00d87800;');
    expect(canonicalEncode('\u{1F600}')).toBe('s2:\u{1F600}');
  });

  it('encodes sparse holes, -0 and the special numbers as the grammar says', () => {
    const sparse: unknown[] = [1];
    sparse[2] = 3;
    expect(canonicalEncode(sparse)).toBe('[d1;hd3;]');
    expect(canonicalEncode([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1e21])).toBe(
      '[dNaN;dInfinity;d-Infinity;d-0;d1e+21;]',
    );
    expect(canonicalEncode(new Date(Number.NaN))).toBe('DNaN;');
  });
});

describe('canonicalEncode refuses values with no canonical form', () => {
  function refusal(value: unknown): UnsupportedInputError {
    try {
      canonicalEncode(value);
    } catch (error) {
      expect(error).toBeInstanceOf(UnsupportedInputError);
      return error as UnsupportedInputError;
    }
    throw new Error('expected an UnsupportedInputError');
  }

  it('names the nested path of a cycle', () => {
    const input: Record<string, unknown> = { TagSpecifications: [{ ResourceType: 'instance', Tags: [] }] };
    ((input.TagSpecifications as Record<string, unknown>[])[0] as Record<string, unknown>).Back = input;
    const error = refusal(input);
    expect(error).toMatchObject({ reason: 'cycle', path: 'TagSpecifications.0.Back', retryable: false });
    expect(error.message).toContain('TagSpecifications.0.Back');
  });

  it('refuses a cycle through an array and one at the root', () => {
    const list: unknown[] = [1];
    list.push({ again: list });
    expect(refusal({ List: list })).toMatchObject({ reason: 'cycle', path: 'List.1.again' });
    const self: Record<string, unknown> = {};
    self.self = self;
    expect(refusal(self)).toMatchObject({ reason: 'cycle', path: 'self' });
  });

  it('refuses functions and symbols, as values and as member keys', () => {
    expect(refusal({ Tags: [{ Key: () => 'k' }] })).toMatchObject({ reason: 'function', path: 'Tags.0.Key' });
    expect(refusal({ Placement: { Tenancy: Symbol('default') } })).toMatchObject({ reason: 'symbol', path: 'Placement.Tenancy' });
    const symbolKeyed = { Placement: { [Symbol('zone')]: 'a', Tenancy: 'default' } };
    const error = refusal(symbolKeyed);
    expect(error).toMatchObject({ reason: 'symbol', path: 'Placement' });
    expect(error.message).toContain('Symbol(zone)');
  });

  it('ignores a non-enumerable symbol key: spreads and serializers never see it', () => {
    const branded = Object.defineProperty({ a: 1 }, Symbol('brand'), { value: true, enumerable: false });
    expect(canonicalEncode(branded)).toBe(canonicalEncode({ a: 1 }));
    expect(freezeInput(branded)).toEqual({ a: 1 });
  });

  it('refuses a non-enumerable member: the SDK would send it, a copy and a fingerprint would not see it', () => {
    const hidden = { Placement: Object.defineProperty({ Tenancy: 'default' }, 'AvailabilityZone', { value: 'eu-west-1a', enumerable: false }) };
    const error = refusal(hidden);
    expect(error).toMatchObject({ name: 'UnsupportedInputError', reason: 'hidden-member', path: 'Placement.AvailabilityZone' });
    expect(() => freezeInput(hidden)).toThrow(error.message);
    expect(() => snapshotInput(hidden)).toThrow(error.message);
  });

  it('refuses class instances, Maps, Sets, promises, boxed primitives and streams, saying which', () => {
    class LaunchSpec {
      constructor(readonly imageId: string) {}
    }
    const cases: [unknown, RegExp][] = [
      [new LaunchSpec('ami-1'), /LaunchSpec/],
      [new Map([['a', 1]]), /Map/],
      [new Set([1]), /Set/],
      [Promise.resolve(1), /Promise/],
      [Object('boxed'), /boxed/],
      [Readable.from(['chunk']), /stream/],
      [new ReadableStream(), /stream/],
      [/regex/, /RegExp/],
      [new Error('e'), /Error/],
    ];
    for (const [value, detail] of cases) {
      const error = refusal({ Deep: [{ Value: value }] });
      expect(error).toMatchObject({ reason: 'unsupported-type', path: 'Deep.0.Value' });
      expect(error.message).toMatch(detail);
    }
  });

  it(`refuses nesting deeper than ${MAX_INPUT_DEPTH} levels and accepts exactly that many`, () => {
    const nest = (levels: number): unknown => {
      let value: unknown = 'leaf';
      for (let level = 0; level < levels; level++) value = level % 2 === 0 ? { a: value } : [value];
      return value;
    };
    expect(() => canonicalEncode(nest(MAX_INPUT_DEPTH))).not.toThrow();
    const error = refusal(nest(MAX_INPUT_DEPTH + 1));
    expect(error.reason).toBe('too-deep');
    expect(() => freezeInput(nest(MAX_INPUT_DEPTH + 1))).toThrow(UnsupportedInputError);
    expect(error.path.split('.')).toHaveLength(MAX_INPUT_DEPTH);
  });

  it('refuses the same things in fingerprint, snapshotInput and freezeInput, naming the same path', () => {
    const input = { Ok: 1, Bad: { handler: function handler() {} } };
    for (const run of [() => fingerprint(input), () => snapshotInput(input), () => freezeInput(input), () => fingerprint(input, { exclude: ['Bad'] })]) {
      expect(run).toThrow(UnsupportedInputError);
      try {
        run();
      } catch (error) {
        expect(error).toMatchObject({ reason: 'function', path: 'Bad.handler' });
      }
    }
  });
});
