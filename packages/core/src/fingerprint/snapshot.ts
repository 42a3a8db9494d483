import { CanonicalWalker } from './canonical-walker.js';
import { DECLINED, frozenCopy } from './frozen-copy.js';
import { fingerprintWalk, type Fingerprint, type FingerprintOptions } from './fingerprint.js';

/** What `snapshotInput` returns: the frozen copy and its fingerprint. */
export interface InputSnapshot<T> {
  /** A deep copy of the input, structurally equal to it, that nothing can change. */
  readonly snapshot: T;
  /** The fingerprint of the input (and so of the snapshot). */
  readonly fingerprint: Fingerprint;
}

/**
 * Freezes an input in one pass: a deep copy (plain objects and arrays
 * frozen, Dates and byte containers copied, undefined members kept) and its
 * fingerprint. Later changes to the caller's object do not reach the copy,
 * so every retry sends what was fingerprinted. Excluded members are left out
 * of the fingerprint only; the snapshot keeps them.
 */
export function snapshotInput<T>(input: T, options: FingerprintOptions = {}): InputSnapshot<T> {
  const walker = new CanonicalWalker({ copy: true });
  const fingerprint = fingerprintWalk(walker, input, options);
  return { snapshot: walker.copy as T, fingerprint };
}

/**
 * The snapshot alone: the same deep, frozen copy as `snapshotInput`, refused
 * for the same inputs (cycles, functions, symbols, class instances, too
 * deep), without encoding or digesting anything. For a copy whose
 * fingerprint may never be read: `fingerprint(copy)` later equals the
 * input's fingerprint now, since the copy cannot change.
 */
export function freezeInput<T>(input: T): T {
  const copy = frozenCopy(input);
  if (copy !== DECLINED) return copy as T;
  // Walked again only to refuse it as fingerprint would, naming the same path.
  const walker = new CanonicalWalker({ copy: true, encode: false });
  walker.walk(input);
  return walker.copy as T;
}
