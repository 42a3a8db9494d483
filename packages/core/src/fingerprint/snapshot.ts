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
 * Freezes an input and fingerprints it: a deep copy (plain objects and
 * arrays frozen, Dates and byte containers copied, undefined members kept)
 * and the fingerprint of that copy. The input is read once, by the copy, so
 * a getter cannot show the fingerprint one value and the snapshot another;
 * later changes to the caller's object do not reach the copy, so every retry
 * sends what was fingerprinted. Excluded members are left out of the
 * fingerprint only; the snapshot keeps them.
 *
 * Two passes (copy, then encode the copy) rather than one walk doing both:
 * each stays on its own fast path, and together they cost less than the
 * combined walk, which carried a copy slot through every value and compared
 * and re-set every member (`pnpm bench -- --only=fingerprint`).
 */
export function snapshotInput<T>(input: T, options: FingerprintOptions = {}): InputSnapshot<T> {
  const snapshot = freezeInput(input);
  return { snapshot, fingerprint: fingerprintWalk(new CanonicalWalker({ keysChecked: true }), snapshot, options) };
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
  new CanonicalWalker({ encode: false }).walk(input);
  // The copy declines only what the walk refuses; reaching here is a bug in one of them.
  throw new Error('retrysafe: the frozen copy declined an input the canonical walk accepts');
}
