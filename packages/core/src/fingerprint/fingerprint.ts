import { CanonicalWalker } from './canonical-walker.js';
import { digestFor, type Digest } from './digest.js';
import { setOwnMember } from './own-member.js';

/** How `fingerprint` and `snapshotInput` digest an input. */
export interface FingerprintOptions {
  /** Top-level members left out (the idempotency token member). */
  readonly exclude?: readonly string[];
  /** Key for HMAC-SHA-256 instead of plain SHA-256; keep it secret and the same on every host. */
  readonly secret?: string | Uint8Array;
}

/** Digests of an input's canonical encoding: the whole, and each top-level member. */
export interface Fingerprint {
  /** Hex digest of the canonical encoding of the input, excluded members left out. */
  readonly digest: string;
  /**
   * Hex digest of each top-level member's canonical encoding (excluded ones
   * left out), so a stored fingerprint can name which members changed.
   * Empty when the input is not a plain object. Computed on first read (a
   * getter, so a spread copy of a fingerprint leaves it out).
   */
  readonly members: Readonly<Record<string, string>>;
}

const NO_EXCLUSIONS: readonly string[] = Object.freeze([]);

/**
 * The canonical fingerprint of an operation input: equal for inputs that
 * send the same parameters, whatever their key order or object identity.
 * `digest` is the hex SHA-256 (HMAC-SHA-256 with a secret) of
 * `canonicalEncode(input)` with the excluded members left out.
 * Throws `UnsupportedInputError` for a value with no canonical form.
 */
export function fingerprint(input: unknown, options: FingerprintOptions = {}): Fingerprint {
  return fingerprintWalk(new CanonicalWalker(), input, options);
}

/** The fingerprint of `input` as `walker` encodes it (`snapshotInput` passes one for its frozen copy). */
export function fingerprintWalk(walker: CanonicalWalker, input: unknown, options: FingerprintOptions): Fingerprint {
  const digest = digestFor(options.secret);
  const memberKeys: string[] = [];
  const memberEncodings: string[] = [];
  const encoding = walker.walk(input, {
    exclude: options.exclude ?? NO_EXCLUSIONS,
    member: (key, memberEncoding) => {
      memberKeys.push(key);
      memberEncodings.push(memberEncoding);
    },
  });
  return new LazyFingerprint(digest(encoding), memberKeys, memberEncodings, digest);
}

/**
 * Member digests are computed on first read: only keyed calls store them, and
 * one digest per member (an HMAC costs microseconds) would otherwise dominate
 * every send. Until then the fingerprint holds the member encodings, privately.
 * (A class, not an object literal with a getter: a per-object accessor gives
 * every fingerprint its own hidden class, which tripled the cost of a send.)
 */
class LazyFingerprint implements Fingerprint {
  readonly digest: string;
  #memberKeys: string[];
  #memberEncodings: string[];
  readonly #memberDigest: Digest;
  #members: Readonly<Record<string, string>> | undefined;

  constructor(digest: string, memberKeys: string[], memberEncodings: string[], memberDigest: Digest) {
    this.digest = digest;
    this.#memberKeys = memberKeys;
    this.#memberEncodings = memberEncodings;
    this.#memberDigest = memberDigest;
    Object.freeze(this);
  }

  get members(): Readonly<Record<string, string>> {
    if (this.#members === undefined) {
      const digests: Record<string, string> = {};
      this.#memberKeys.forEach((key, index) => {
        setOwnMember(digests, key, this.#memberDigest(this.#memberEncodings[index] as string));
      });
      this.#members = Object.freeze(digests);
      // Let the encodings go: they spell out parameter values.
      this.#memberKeys = [];
      this.#memberEncodings = [];
    }
    return this.#members;
  }

  /** `members` is a getter; JSON and logs get both fields anyway. */
  toJSON(): { digest: string; members: Readonly<Record<string, string>> } {
    return { digest: this.digest, members: this.members };
  }
}
