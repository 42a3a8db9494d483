// Reading a V8 .cpuprofile (what `node --cpu-prof` writes): self time per
// function and per area of the code, and synchronous inclusive time.

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}
export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Where a function lives, coarsely: what a reader of the plugin's cost wants to tell apart. */
export const PROFILE_AREAS = [
  'retrysafe plugin (packages/aws)',
  'retrysafe core (packages/core)',
  'retrysafe stores',
  '@smithy/*',
  '@aws-sdk/*',
  'node async_hooks (AsyncLocalStorage)',
  'node crypto',
  'GC and VM',
  'other',
] as const;
export type ProfileArea = (typeof PROFILE_AREAS)[number];

export function areaOf(url: string): ProfileArea {
  if (/packages\/aws\/(src|dist)\//.test(url) || url.includes('@retrysafe/aws/')) return 'retrysafe plugin (packages/aws)';
  if (/packages\/core\/(src|dist)\//.test(url) || url.includes('@retrysafe/core/')) return 'retrysafe core (packages/core)';
  if (/packages\/store-[a-z]+\/(src|dist)\//.test(url)) return 'retrysafe stores';
  if (url.includes('@smithy')) return '@smithy/*';
  if (url.includes('@aws-sdk')) return '@aws-sdk/*';
  if (/async_hooks|async_local_storage|promise_hooks/.test(url)) return 'node async_hooks (AsyncLocalStorage)';
  if (url.startsWith('node:internal/crypto') || url === 'node:crypto') return 'node crypto';
  if (url === '') return 'GC and VM';
  return 'other';
}

/** `name file:line`, with the path shortened to the package. */
export function frameName(frame: CallFrame): string {
  const file = frame.url.replace(/^.*\/node_modules\//, '').replace(/^file:\/\/.*\/packages\//, 'packages/');
  return `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
}

export interface ProfileSummary {
  readonly totalUs: number;
  readonly selfByArea: ReadonlyMap<ProfileArea, number>;
  readonly selfByFunction: ReadonlyMap<string, number>;
  /** Time on the stack (synchronous callers only: an await starts a new stack), per function. */
  readonly inclusiveByFunction: ReadonlyMap<string, number>;
}

export function summariseProfile(profile: CpuProfile): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfById = new Map<number, number>();
  let totalUs = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    selfById.set(id, (selfById.get(id) ?? 0) + delta);
    totalUs += delta;
  });
  const selfByArea = new Map<ProfileArea, number>();
  const selfByFunction = new Map<string, number>();
  const inclusiveByFunction = new Map<string, number>();
  const add = <K>(map: Map<K, number>, key: K, value: number): void => {
    map.set(key, (map.get(key) ?? 0) + value);
  };
  for (const [id, us] of selfById) {
    const node = byId.get(id);
    if (node === undefined) continue;
    add(selfByArea, areaOf(node.callFrame.url), us);
    add(selfByFunction, frameName(node.callFrame), us);
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const frame = byId.get(current)?.callFrame;
      if (frame === undefined) break;
      const name = frameName(frame);
      if (!seen.has(name)) {
        seen.add(name);
        add(inclusiveByFunction, name, us);
      }
    }
  }
  return { totalUs, selfByArea, selfByFunction, inclusiveByFunction };
}
