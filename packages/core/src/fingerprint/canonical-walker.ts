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
import { hasOnlyEnumerableStringKeys } from './own-keys.js';
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
 * canonical-grammar.ts), or refuses it naming the first bad path in
 * canonical order.
 *
 * A walker is for one walk: it keeps the path and the chain of enclosing
 * containers, so a refusal names where it happened. Shared references that
 * are not cycles are fine; each occurrence is encoded in place.
 */
export class CanonicalWalker {
  /** False: check only, the encoding left empty (the refusal of an input the frozen copy declined). */
  private readonly encoding: boolean;
  /**
   * True for a frozen copy (`freezeInput`): its objects were made by a
   * spread, which refused hidden and symbol keys, so they are not asked again.
   */
  private readonly keysChecked: boolean;
  /** Keys from the root to the value being walked; joined only for an error. */
  private readonly path: (string | number)[] = [];
  /** Containers enclosing the value being walked: a cycle re-enters one of them. */
  private readonly ancestors: object[] = [];

  constructor(options: { readonly encode?: boolean; readonly keysChecked?: boolean } = {}) {
    this.encoding = options.encode ?? true;
    this.keysChecked = options.keysChecked ?? false;
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
        return this.encoding ? encodeString(value) : '';
      case 'number':
        return this.encoding ? encodeNumber(value) : '';
      case 'boolean':
        return value ? TRUE : FALSE;
      case 'undefined':
        return UNDEFINED;
      case 'bigint':
        return this.encoding ? encodeBigInt(value) : '';
      case 'object':
        return value === null ? NULL : this.encodeObject(value);
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
      case 'date':
        return this.encoding ? encodeDateTime(getTime.call(value)) : '';
      case 'bytes': {
        const view = value as ArrayBufferView;
        return this.encoding ? encodeBytes(Buffer.from(view.buffer, view.byteOffset, view.byteLength)) : '';
      }
      case 'array-buffer':
        return this.encoding ? encodeBytes(Buffer.from(value as ArrayBuffer)) : '';
      default:
        throw this.refuse('unsupported-type', describeUnsupportedObject(value));
    }
  }

  private encodePlainObject(source: Record<string, unknown>, visitor: RootMemberVisitor | undefined): string {
    this.enter(source);
    const keys = Object.keys(source);
    if (!this.keysChecked) this.refuseHiddenKeys(source, keys);
    sortKeys(keys); // also when only checking: a refusal names the same first bad path either way
    let encoding = OBJECT_OPEN;
    for (const key of keys) {
      this.path.push(key);
      const member = this.encode(source[key]);
      this.path.pop();
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
    return encoding + OBJECT_CLOSE;
  }

  private encodeArray(source: readonly unknown[]): string {
    this.enter(source);
    const length = source.length;
    let encoding = ARRAY_OPEN;
    for (let index = 0; index < length; index++) {
      const element = source[index];
      if (element === undefined && !(index in source)) {
        encoding += ARRAY_HOLE;
        continue;
      }
      this.path.push(index);
      encoding += this.encode(element);
      this.path.pop();
    }
    this.leave();
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
    if (hasOnlyEnumerableStringKeys(source, keys.length)) return;
    for (const key of Reflect.ownKeys(source)) {
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
