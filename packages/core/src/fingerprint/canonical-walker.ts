import { UnsupportedInputError, type UnsupportedInputReason } from '../errors/index.js';
import {
  ARRAY_CLOSE,
  ARRAY_HOLE,
  ARRAY_OPEN,
  encodeBigInt,
  encodeBytes,
  encodeDateTime,
  encodeNumber,
  encodeString,
  FALSE,
  NULL,
  OBJECT_CLOSE,
  OBJECT_OPEN,
  TRUE,
  UNDEFINED,
} from './canonical-grammar.js';
import { MAX_INPUT_DEPTH } from './limits.js';
import { setOwnMember } from './own-member.js';
import { copyView, shallowClone } from './private-copy.js';
import { sortKeys } from './sort-keys.js';
import { canonicalObjectKind, describeUnsupportedObject } from './value-kind.js';

/** Sees the top-level members of a plain-object root as the walk encodes them. */
export interface RootMemberVisitor {
  /** Top-level members left out of the root's encoding (still checked and copied). */
  readonly exclude: readonly string[];
  /** Each included top-level member's key and canonical encoding, in canonical key order. */
  member(key: string, encoding: string): void;
}

const getTime = Date.prototype.getTime;

/**
 * One pass over an input that yields its canonical encoding (see
 * canonical-grammar.ts) and, when asked, a deep copy in the same pass: plain
 * objects and arrays frozen, Dates and byte containers copied (a typed
 * array cannot be frozen; the copy is private, so nobody else can change it).
 *
 * A walker is for one walk: it keeps the path and the chain of enclosing
 * containers, so a refusal names where it happened. Shared references that
 * are not cycles are fine; each occurrence is encoded (and copied) in place.
 */
export class CanonicalWalker {
  /** The copy of the value walked last (of the root once `walk` returns). */
  copy: unknown;
  private readonly copying: boolean;
  /** False: copy and check only, the encoding left empty (a copy that may never need its digest). */
  private readonly encoding: boolean;
  /** Keys from the root to the value being walked; joined only for an error. */
  private readonly path: (string | number)[] = [];
  /** Containers enclosing the value being walked: a cycle re-enters one of them. */
  private readonly ancestors: object[] = [];

  constructor(options: { readonly copy: boolean; readonly encode?: boolean }) {
    this.copying = options.copy;
    this.encoding = options.encode ?? true;
  }

  /** The canonical encoding of `root`; a plain-object root's members are shown to `visitor`. */
  walk(root: unknown, visitor?: RootMemberVisitor): string {
    if (visitor !== undefined && typeof root === 'object' && root !== null && canonicalObjectKind(root) === 'object') {
      return this.encodePlainObject(root as Record<string, unknown>, visitor);
    }
    return this.encode(root);
  }

  private encode(value: unknown): string {
    switch (typeof value) {
      case 'string':
        this.copy = value;
        return this.encoding ? encodeString(value) : '';
      case 'number':
        this.copy = value;
        return this.encoding ? encodeNumber(value) : '';
      case 'boolean':
        this.copy = value;
        return value ? TRUE : FALSE;
      case 'undefined':
        this.copy = undefined;
        return UNDEFINED;
      case 'bigint':
        this.copy = value;
        return this.encoding ? encodeBigInt(value) : '';
      case 'object':
        if (value === null) {
          this.copy = null;
          return NULL;
        }
        return this.encodeObject(value);
      case 'function':
        throw this.refuse('function', 'functions are not data');
      default:
        throw this.refuse('symbol', 'a symbol has no serializable value');
    }
  }

  private encodeObject(value: object): string {
    switch (canonicalObjectKind(value)) {
      case 'object':
        return this.encodePlainObject(value as Record<string, unknown>, undefined);
      case 'array':
        return this.encodeArray(value as readonly unknown[]);
      case 'date': {
        const time = getTime.call(value);
        if (this.copying) this.copy = new Date(time);
        return this.encoding ? encodeDateTime(time) : '';
      }
      case 'bytes': {
        const view = value as ArrayBufferView;
        if (this.copying) this.copy = copyView(view);
        return this.encoding ? encodeBytes(Buffer.from(view.buffer, view.byteOffset, view.byteLength)) : '';
      }
      case 'array-buffer': {
        const buffer = value as ArrayBuffer;
        if (this.copying) this.copy = buffer.slice(0);
        return this.encoding ? encodeBytes(Buffer.from(buffer)) : '';
      }
      default:
        throw this.refuse('unsupported-type', describeUnsupportedObject(value));
    }
  }

  private encodePlainObject(source: Record<string, unknown>, visitor: RootMemberVisitor | undefined): string {
    this.enter(source);
    const keys = Object.keys(source);
    this.refuseHiddenKeys(source, keys);
    // The copy starts as a shallow clone (the engine's fast path, keeping the
    // caller's key order) whose members are then replaced by their own copies.
    const copy: Record<string, unknown> | undefined = this.copying ? shallowClone(source) : undefined;
    sortKeys(keys); // also when only copying: a refusal names the same first bad path either way
    let encoding = OBJECT_OPEN;
    for (const key of keys) {
      this.path.push(key);
      const member = this.encode(source[key]);
      this.path.pop();
      // Containers, Dates and bytes give way to their copies; a primitive is
      // already in place, unless a getter answered the clone's read differently.
      if (copy !== undefined && !Object.is(copy[key], this.copy)) setOwnMember(copy, key, this.copy);
      if (!this.encoding) {
        continue;
      } else if (visitor === undefined) {
        encoding += encodeString(key) + member;
      } else if (!visitor.exclude.includes(key)) {
        encoding += encodeString(key) + member;
        visitor.member(key, member);
      }
    }
    this.leave();
    if (copy !== undefined) this.copy = Object.freeze(copy);
    return encoding + OBJECT_CLOSE;
  }

  private encodeArray(source: readonly unknown[]): string {
    this.enter(source);
    const length = source.length;
    const copy: unknown[] | undefined = this.copying ? new Array<unknown>(length) : undefined;
    let encoding = ARRAY_OPEN;
    for (let index = 0; index < length; index++) {
      const element = source[index];
      if (element === undefined && !(index in source)) {
        encoding += ARRAY_HOLE; // the copy keeps the hole too
        continue;
      }
      this.path.push(index);
      encoding += this.encode(element);
      this.path.pop();
      if (copy !== undefined) copy[index] = this.copy;
    }
    this.leave();
    if (copy !== undefined) this.copy = Object.freeze(copy);
    return encoding + ARRAY_CLOSE;
  }

  private enter(container: object): void {
    if (this.ancestors.length >= MAX_INPUT_DEPTH) {
      throw this.refuse('too-deep', `more than ${MAX_INPUT_DEPTH} nested arrays and objects`);
    }
    if (this.ancestors.includes(container)) throw this.refuse('cycle', 'the value contains itself');
    this.ancestors.push(container);
  }

  private leave(): void {
    this.ancestors.pop();
  }

  /**
   * Refuses own members that `keys` (the enumerable string keys) leaves out
   * but that matter: an enumerable symbol key, and a non-enumerable string
   * key, which the SDK would send while the copy and the fingerprint would
   * not see it. Non-enumerable symbols are nobody's parameters: ignored.
   */
  private refuseHiddenKeys(source: object, keys: readonly string[]): void {
    const own = Reflect.ownKeys(source);
    if (own.length === keys.length) return;
    for (const key of own) {
      if (!Object.prototype.propertyIsEnumerable.call(source, key)) {
        if (typeof key === 'symbol') continue;
        this.path.push(key);
        throw this.refuse('hidden-member', `the member ${key} is not enumerable`);
      }
      if (typeof key === 'symbol') throw this.refuse('symbol', `the member key ${key.toString()} is a symbol`);
    }
  }

  private refuse(reason: UnsupportedInputReason, detail: string): UnsupportedInputError {
    return new UnsupportedInputError(this.path.join('.'), reason, detail);
  }
}
