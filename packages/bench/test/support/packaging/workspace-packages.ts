import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root, from this file's place (packages/bench/test/support/packaging). */
export const REPO_ROOT = resolve(__dirname, '../../../../..');
export const PACKAGES_DIR = join(REPO_ROOT, 'packages');

export interface PackageManifest {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  /** SPDX expression. */
  readonly license?: string;
  readonly type?: string;
  readonly sideEffects?: unknown;
  readonly engines?: Readonly<Record<string, string>>;
  readonly files?: readonly string[];
  readonly exports?: unknown;
  readonly main?: string;
  readonly types?: string;
  readonly bin?: unknown;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { optional?: boolean }>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
}

export interface WorkspacePackage {
  /** Folder name under packages/. */
  readonly folder: string;
  readonly dir: string;
  readonly manifest: PackageManifest;
}

export function readManifest(dir: string): PackageManifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageManifest;
}

/** A package whose public face is still the skeleton's `export {};` (comments aside). */
export function isPlaceholder(dir: string): boolean {
  const index = join(dir, 'src', 'index.ts');
  if (!existsSync(index)) return true;
  const code = readFileSync(index, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/\s+/g, '');
  return code === '' || code === 'export{};';
}

/** Every package under packages/ that is not private, split into real ones and placeholders. */
export function publicPackages(): { readonly ready: WorkspacePackage[]; readonly placeholders: WorkspacePackage[] } {
  const ready: WorkspacePackage[] = [];
  const placeholders: WorkspacePackage[] = [];
  for (const folder of readdirSync(PACKAGES_DIR).sort()) {
    const dir = join(PACKAGES_DIR, folder);
    if (!existsSync(join(dir, 'package.json'))) continue;
    const manifest = readManifest(dir);
    if (manifest.private === true) continue;
    (isPlaceholder(dir) ? placeholders : ready).push({ folder, dir, manifest });
  }
  return { ready, placeholders };
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Why a package's build cannot be packed as it is (missing, or older than
 * its sources), or undefined when it is current. The test packs what
 * `pnpm build` made (CI builds in `.ci/setup`); it never rebuilds, since
 * other tests may be reading dist/ at the same time.
 */
export function staleBuild(pkg: WorkspacePackage): string | undefined {
  const builds = ['dist/esm/index.js', 'dist/cjs/index.js'].map((file) => join(pkg.dir, file));
  const missing = builds.find((file) => !existsSync(file));
  if (missing !== undefined) return `${pkg.manifest.name}: ${missing} is missing`;
  const built = Math.min(...builds.map((file) => statSync(file).mtimeMs));
  if (newestMtime(join(pkg.dir, 'src')) > built) return `${pkg.manifest.name}: src/ is newer than dist/`;
  return undefined;
}
