import { createHash } from 'node:crypto';

import type { ParamObject, ParamValue } from './params.js';

// Decides whether a retry carries "the same parameters" as the request that
// first used its token, the way the services compare them: every member except
// the token, object keys in any order, and lists that are sets (tags, ARNs,
// principals) in any order. Ordered lists stay ordered.

export interface CanonicalOptions {
  /** Top-level members left out of the comparison (the token member). */
  readonly exclude?: readonly string[];
  /** Lists whose order carries no meaning, by path: `Tags`, `TagSpecification[].Tag`. */
  readonly unorderedLists?: readonly string[];
}

const LIST_ITEM_SEGMENT = '[]';

export function canonicalize(params: ParamObject, options: CanonicalOptions = {}): string {
  const excluded = new Set(options.exclude ?? []);
  const unordered = new Set(options.unorderedLists ?? []);
  // fromEntries defines own properties, so even a `__proto__` member is kept.
  const kept = Object.fromEntries(Object.entries(params).filter(([key]) => !excluded.has(key)));
  return canonicalValue(kept, '', unordered);
}

/** A SHA-256 hex digest of the canonical form: what the token registry keeps. */
export function fingerprintParams(params: ParamObject, options: CanonicalOptions = {}): string {
  return createHash('sha256').update(canonicalize(params, options)).digest('hex');
}

function childPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

function canonicalValue(value: ParamValue, path: string, unordered: ReadonlySet<string>): string {
  if (Array.isArray(value)) {
    const itemPath = `${path}${LIST_ITEM_SEGMENT}`;
    const items = value.map((item: ParamValue) => canonicalValue(item, itemPath, unordered));
    if (unordered.has(path)) items.sort();
    return `[${items.join(',')}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const object = value as ParamObject;
    const keys = Object.keys(object).sort();
    const members = keys.map(
      (key) => `${JSON.stringify(key)}:${canonicalValue(object[key] as ParamValue, childPath(path, key), unordered)}`,
    );
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}
