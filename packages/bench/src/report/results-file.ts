import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Marks the workspace root. */
const WORKSPACE_MARKER = 'pnpm-workspace.yaml';
export const RESULTS_DIR = '.bench-results';
export const LATEST_RESULTS_FILE = 'latest.json';

/** The workspace root above `start` (the folder holding pnpm-workspace.yaml), or `start` itself when there is none. */
export function workspaceRoot(start: string): string {
  let folder = resolve(start);
  for (;;) {
    if (existsSync(join(folder, WORKSPACE_MARKER))) return folder;
    const parent = dirname(folder);
    if (parent === folder) return resolve(start);
    folder = parent;
  }
}

/** Writes the results as pretty JSON, creating the folder; returns the path written. */
export function writeResults(results: unknown, out: string | undefined, cwd: string): string {
  const path = out === undefined ? join(workspaceRoot(cwd), RESULTS_DIR, LATEST_RESULTS_FILE) : resolve(cwd, out);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
  return path;
}
