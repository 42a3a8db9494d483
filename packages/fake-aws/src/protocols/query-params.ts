import type { ParamObject, ParamValue } from '../params.js';
import { ServiceError } from '../service-error.js';

// Decodes a form-urlencoded query-protocol body (`A.1.B=x&C=y`) into nested
// parameters. Dotted keys become nested objects, numeric segments (1-based)
// become list positions. awsQuery wraps list items in `member` (`Tags.member.1`);
// `unwrapListMembers` removes that level so both query flavours read alike.

const QUERY_SEPARATOR = '.';
const AWS_QUERY_LIST_WRAPPER = 'member';

interface MutableNode {
  [key: string]: MutableNode | string;
}

export interface QueryRequest {
  readonly action: string | undefined;
  readonly version: string | undefined;
  readonly params: ParamObject;
}

export function parseQueryBody(body: string): QueryRequest {
  const form = new URLSearchParams(body);
  const root = emptyNode();
  let action: string | undefined;
  let version: string | undefined;
  for (const [key, value] of form) {
    if (key === 'Action') action = value;
    else if (key === 'Version') version = value;
    else insert(root, key, value);
  }
  return { action, version, params: toParams(root) as ParamObject };
}

function malformed(key: string): ServiceError {
  return ServiceError.client('MalformedQueryString', `The query string parameter ${key} conflicts with another parameter.`);
}

function insert(root: MutableNode, key: string, value: string): void {
  const segments = key.split(QUERY_SEPARATOR);
  let node = root;
  for (const segment of segments.slice(0, -1)) {
    const next = node[segment];
    if (typeof next === 'object') {
      node = next;
    } else if (next === undefined || next === '') {
      // An empty value is how the query protocols send an empty list; a fuller
      // form of the same member replaces it.
      const created = emptyNode();
      node[segment] = created;
      node = created;
    } else {
      throw malformed(key);
    }
  }
  const last = segments[segments.length - 1] as string;
  const existing = node[last];
  if (existing === undefined) node[last] = value;
  else if (typeof existing === 'object' && value === '') return;
  else throw malformed(key);
}

/** Nodes without a prototype, so a `__proto__` segment is just a name, never Object.prototype. */
function emptyNode(): MutableNode {
  return Object.create(null) as MutableNode;
}

function isListIndex(segment: string): boolean {
  return /^[1-9][0-9]*$/.test(segment);
}

function toParams(node: MutableNode | string): ParamValue {
  if (typeof node === 'string') return node;
  const keys = Object.keys(node);
  if (keys.length > 0 && keys.every(isListIndex)) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((index) => toParams(node[String(index)] as MutableNode | string));
  }
  return Object.fromEntries(keys.map((key) => [key, toParams(node[key] as MutableNode | string)]));
}

/** awsQuery: `{ Tags: { member: [...] } }` becomes `{ Tags: [...] }` at every depth. */
export function unwrapListMembers(params: ParamObject): ParamObject {
  return unwrap(params) as ParamObject;
}

function unwrap(value: ParamValue): ParamValue {
  if (Array.isArray(value)) return value.map(unwrap);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value as ParamObject);
  if (entries.length === 1 && entries[0]?.[0] === AWS_QUERY_LIST_WRAPPER && Array.isArray(entries[0][1])) {
    return unwrap(entries[0][1]);
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, unwrap(v)]));
}
