// The shape of an SDK output: every key path that holds a value, with the
// value's type. Array items share the path `list[]`, so two outputs with
// different numbers of items still have one shape.

export type ShapeType = 'string' | 'number' | 'boolean' | 'date' | 'array' | 'object';
export type Shape = ReadonlyMap<string, ShapeType>;

export function shapeOf(value: unknown): Shape {
  const shape = new Map<string, ShapeType>();
  walk(value, '', shape);
  return shape;
}

function walk(value: unknown, path: string, shape: Map<string, ShapeType>): void {
  if (value === undefined || value === null) return;
  if (value instanceof Date) {
    shape.set(path, 'date');
  } else if (Array.isArray(value)) {
    shape.set(path, 'array');
    for (const item of value) walk(item, `${path}[]`, shape);
  } else if (typeof value === 'object') {
    if (path !== '') shape.set(path, 'object');
    for (const [key, member] of Object.entries(value)) walk(member, path === '' ? key : `${path}.${key}`, shape);
  } else {
    shape.set(path, typeof value as ShapeType);
  }
}

export interface ShapeDifference {
  /** Paths both fill, with different types: `path: fake-type vs peer-type`. */
  readonly typeMismatches: string[];
  /** Paths only the fake fills, not explained by `fakeOnly`. */
  readonly onlyInFake: string[];
  /** Paths only the peer fills, not explained by `peerOnly`. */
  readonly onlyInPeer: string[];
}

/**
 * Compares two shapes. `fakeOnly` and `peerOnly` list the documented
 * differences: a path matches an entry when it is the entry or lies below it.
 */
export function compareShapes(
  fake: Shape,
  peer: Shape,
  allowed: { readonly fakeOnly?: readonly string[]; readonly peerOnly?: readonly string[] } = {},
): ShapeDifference {
  const covered = (path: string, entries: readonly string[] = []) =>
    entries.some((entry) => path === entry || path.startsWith(`${entry}.`) || path.startsWith(`${entry}[]`));
  const typeMismatches: string[] = [];
  const onlyInFake: string[] = [];
  const onlyInPeer: string[] = [];
  for (const [path, type] of fake) {
    const peerType = peer.get(path);
    if (peerType === undefined) {
      if (!covered(path, allowed.fakeOnly)) onlyInFake.push(path);
    } else if (peerType !== type) {
      typeMismatches.push(`${path}: ${type} vs ${peerType}`);
    }
  }
  for (const path of peer.keys()) {
    if (!fake.has(path) && !covered(path, allowed.peerOnly)) onlyInPeer.push(path);
  }
  return { typeMismatches, onlyInFake, onlyInPeer };
}
