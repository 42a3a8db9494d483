import { canonicalEncode } from './canonical-encoding.js';
import { MAX_INPUT_DEPTH } from './limits.js';
import { canonicalObjectKind } from './value-kind.js';

const PATH_SEPARATOR = '.';

/**
 * Sorted dotted paths where two inputs differ, under the canonical encoding's
 * notion of equality (NaN equals NaN, -0 differs from 0, an undefined member
 * differs from a missing one, Dates by time, byte containers by bytes):
 * `InstanceType`, `TagSpecifications.0.Tags.1.Value`. A member or element on
 * one side only, or a value whose type changed, is reported at its own path;
 * '' stands for the root. Empty when the inputs are canonically equal.
 *
 * Never throws for a value without a canonical form: such a value equals only
 * itself, and a cycle or runaway nesting is reported where it starts.
 */
export function changedPaths(before: unknown, after: unknown): string[] {
  const changed: string[] = [];
  compare(before, after, { path: [], changed, beforeAncestors: [], afterAncestors: [] });
  return changed.sort();
}

interface Comparison {
  readonly path: (string | number)[];
  readonly changed: string[];
  readonly beforeAncestors: object[];
  readonly afterAncestors: object[];
}

type ContainerKind = 'array' | 'object' | undefined;

function compare(before: unknown, after: unknown, state: Comparison): void {
  if (Object.is(before, after)) return;
  const beforeKind = containerKind(before);
  const afterKind = containerKind(after);
  if (beforeKind === undefined || beforeKind !== afterKind) {
    if (afterKind !== undefined || !leavesEqual(before, after)) report(state);
    return;
  }
  const beforeContainer = before as object;
  const afterContainer = after as object;
  if (
    state.path.length >= MAX_INPUT_DEPTH ||
    state.beforeAncestors.includes(beforeContainer) ||
    state.afterAncestors.includes(afterContainer)
  ) {
    report(state);
    return;
  }
  state.beforeAncestors.push(beforeContainer);
  state.afterAncestors.push(afterContainer);
  if (beforeKind === 'array') {
    compareArrays(before as readonly unknown[], after as readonly unknown[], state);
  } else {
    compareObjects(before as Record<string, unknown>, after as Record<string, unknown>, state);
  }
  state.beforeAncestors.pop();
  state.afterAncestors.pop();
}

function compareArrays(before: readonly unknown[], after: readonly unknown[], state: Comparison): void {
  const length = Math.max(before.length, after.length);
  for (let index = 0; index < length; index++) {
    const inBefore = index in before;
    const inAfter = index in after;
    state.path.push(index);
    if (inBefore && inAfter) {
      compare(before[index], after[index], state);
    } else if (inBefore !== inAfter) {
      report(state); // added, removed, or a hole on one side
    }
    state.path.pop();
  }
}

function compareObjects(before: Record<string, unknown>, after: Record<string, unknown>, state: Comparison): void {
  const afterKeys = new Set(Object.keys(after));
  for (const key of Object.keys(before)) {
    state.path.push(key);
    if (afterKeys.delete(key)) {
      compare(before[key], after[key], state);
    } else {
      report(state); // removed
    }
    state.path.pop();
  }
  for (const key of afterKeys) {
    state.path.push(key);
    report(state); // added
    state.path.pop();
  }
}

function containerKind(value: unknown): ContainerKind {
  if (typeof value !== 'object' || value === null) return undefined;
  const kind = canonicalObjectKind(value);
  return kind === 'array' || kind === 'object' ? kind : undefined;
}

/** Two values, at most one of them a container, that are not the same value. */
function leavesEqual(before: unknown, after: unknown): boolean {
  if (containerKind(before) !== undefined) return false;
  try {
    return canonicalEncode(before) === canonicalEncode(after);
  } catch {
    return false; // without a canonical form a value equals only itself
  }
}

function report(state: Comparison): void {
  state.changed.push(state.path.join(PATH_SEPARATOR));
}
