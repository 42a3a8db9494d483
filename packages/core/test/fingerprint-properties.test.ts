import { createHash } from 'node:crypto';
import { canonicalEncode, changedMembers, changedPaths, fingerprint, freezeInput, snapshotInput } from '@retrysafe/core';
import fc from 'fast-check';
import {
  getAt,
  inputArbitrary,
  leafArbitrary,
  leafPaths,
  rebuild,
  sameLeaf,
  seededRandom,
  setAt,
  structurallyEqual,
  valueArbitrary,
} from './fingerprint-arbitraries.js';

const RUNS = 300;
const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

describe('fingerprint properties', () => {
  it('is the SHA-256 of the canonical encoding', () => {
    fc.assert(
      fc.property(valueArbitrary, (value) => {
        expect(fingerprint(value).digest).toBe(sha256(canonicalEncode(value)));
      }),
      { numRuns: RUNS },
    );
  });

  it('does not change when every object is rebuilt with its keys in another order', () => {
    fc.assert(
      fc.property(valueArbitrary, fc.integer(), (value, seed) => {
        const shuffled = rebuild(value, seededRandom(seed));
        expect(canonicalEncode(shuffled)).toBe(canonicalEncode(value));
        expect(fingerprint(shuffled).digest).toBe(fingerprint(value).digest);
        expect(changedPaths(value, shuffled)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('does not change for a structured clone (another realm, other object identities)', () => {
    fc.assert(
      fc.property(inputArbitrary, (input) => {
        const clone: unknown = structuredClone(input);
        expect(fingerprint(clone).digest).toBe(fingerprint(input).digest);
        expect({ ...fingerprint(clone).members }).toEqual({ ...fingerprint(input).members });
      }),
      { numRuns: RUNS },
    );
  });

  it('changes for any single-leaf change, and changedPaths names exactly that leaf', () => {
    const withLeafChange = valueArbitrary
      .filter((value) => leafPaths(value).length > 0)
      .chain((value) =>
        fc.tuple(fc.constant(value), fc.constantFrom(...leafPaths(value)), fc.oneof(leafArbitrary, valueArbitrary)),
      );
    fc.assert(
      fc.property(withLeafChange, ([value, path, replacement]) => {
        fc.pre(!sameLeaf(getAt(value, path), replacement));
        const changed = setAt(value, path, replacement);
        expect(fingerprint(changed).digest).not.toBe(fingerprint(value).digest);
        expect(changedPaths(value, changed)).toEqual([path.join('.')]);
        if (path.length > 0 && typeof value === 'object' && !Array.isArray(value)) {
          expect(changedMembers(fingerprint(value).members, fingerprint(changed).members)).toEqual([String(path[0])]);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('snapshots a structurally equal, frozen copy whose fingerprint is the input fingerprint', () => {
    fc.assert(
      fc.property(inputArbitrary, fc.subarray(['InstanceType', 'Tags', '0', '__proto__']), (input, exclude) => {
        const { snapshot, fingerprint: frozen } = snapshotInput(input, { exclude });
        const direct = fingerprint(input, { exclude });
        expect(structurallyEqual(snapshot, input)).toBe(true);
        expect(snapshot).not.toBe(input);
        expect(Object.isFrozen(snapshot)).toBe(true);
        expect(frozen.digest).toBe(direct.digest);
        expect({ ...frozen.members }).toEqual({ ...direct.members });
        expect(fingerprint(snapshot, { exclude }).digest).toBe(frozen.digest);
      }),
      { numRuns: RUNS },
    );
  });

  it('freezes the same copy as snapshotInput without digesting, and its later fingerprint is the input’s', () => {
    fc.assert(
      fc.property(inputArbitrary, (input) => {
        const frozen = freezeInput(input);
        expect(frozen).not.toBe(input);
        expect(Object.isFrozen(frozen)).toBe(true);
        expect(structurallyEqual(frozen, input)).toBe(true);
        expect(structurallyEqual(frozen, snapshotInput(input).snapshot)).toBe(true);
        expect(fingerprint(frozen, { exclude: ['Tags'] }).digest).toBe(fingerprint(input, { exclude: ['Tags'] }).digest);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses in freezeInput exactly the values fingerprint refuses', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withDate: true, withTypedArray: true, withMap: true, withSet: true, withNullPrototype: true }), (value) => {
        const outcome = (run: () => unknown): string => {
          try {
            run();
            return 'ok';
          } catch (error) {
            return `${(error as Error).name}:${(error as { reason?: string }).reason ?? ''}:${(error as { path?: string }).path ?? ''}`;
          }
        };
        expect(outcome(() => freezeInput(value))).toBe(outcome(() => fingerprint(value)));
      }),
      { numRuns: RUNS },
    );
  });

  it('finds no changed paths between a value and itself', () => {
    fc.assert(
      fc.property(valueArbitrary, (value) => {
        expect(changedPaths(value, value)).toEqual([]);
        expect(changedPaths(value, rebuild(value, () => 0))).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });
});
