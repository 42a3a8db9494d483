import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import ts from 'typescript';
import { cleanEnvironment, runChecked } from './run-command.js';
import { readManifest, type PackageManifest, type WorkspacePackage } from './workspace-packages.js';

const PACK_TIMEOUT_MS = 120_000;

export interface PackedPackage {
  readonly source: WorkspacePackage;
  readonly tarball: string;
  /** Where the tarball was unpacked (its `package/` folder). */
  readonly unpacked: string;
  /** The manifest as published (workspace: ranges rewritten). */
  readonly manifest: PackageManifest;
  /** Paths inside the tarball, relative to `package/`. */
  readonly files: readonly string[];
}

/** `pnpm pack` into `tarballs`, then unpacks it under `unpackRoot/<folder>`. */
export async function packPackage(pkg: WorkspacePackage, tarballs: string, unpackRoot: string): Promise<PackedPackage> {
  const packed = await runChecked('pnpm', ['pack', '--pack-destination', tarballs, '--json'], {
    cwd: pkg.dir,
    timeoutMs: PACK_TIMEOUT_MS,
    env: cleanEnvironment(),
  });
  const { filename } = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('{'))) as { filename: string };
  const target = join(unpackRoot, pkg.folder);
  mkdirSync(target, { recursive: true });
  await runChecked('tar', ['-xzf', filename, '-C', target], { cwd: target, timeoutMs: PACK_TIMEOUT_MS });
  const unpacked = join(target, 'package');
  return { source: pkg, tarball: filename, unpacked, manifest: readManifest(unpacked), files: listFiles(unpacked) };
}

function listFiles(root: string, prefix = ''): string[] {
  return readdirSync(join(root, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    return entry.isDirectory() ? listFiles(root, path) : [path];
  });
}

/** Every dependency range in the published manifest that still uses a workspace-only protocol. */
export function unpublishableRanges(manifest: PackageManifest): string[] {
  const fields = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;
  return fields.flatMap((field) =>
    Object.entries(manifest[field] ?? {})
      .filter(([, range]) => /^(workspace|link|file|catalog):/.test(range))
      .map(([name, range]) => `${field}.${name}: ${range}`),
  );
}

/** The package a bare specifier names: `@scope/name` or `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

/** The DefinitelyTyped package that types a bare module name (`aws-lambda` → `@types/aws-lambda`). */
export function typesPackageOf(name: string): string {
  return name.startsWith('@') ? `@types/${name.slice(1).replace('/', '__')}` : `@types/${name}`;
}

export interface ImportedPackage {
  /** A file that imports it. */
  readonly file: string;
  /** Imported only from declaration files: a type dependency. */
  readonly typesOnly: boolean;
}

/**
 * Packages the shipped code and declarations import (bare specifiers only:
 * relative paths and Node built-ins left out), found by TypeScript's own
 * import scanner (static and dynamic imports, re-exports, require calls;
 * never text in comments or strings).
 */
export function importedPackages(packed: PackedPackage): Map<string, ImportedPackage> {
  const found = new Map<string, ImportedPackage>();
  for (const file of packed.files) {
    const declaration = /\.d\.(c|m)?ts$/.test(file);
    if (!declaration && !/\.(c|m)?js$/.test(file)) continue;
    const scanned = ts.preProcessFile(readFileSync(join(packed.unpacked, file), 'utf8'), true, true);
    for (const { fileName: specifier } of scanned.importedFiles) {
      if (specifier.startsWith('.') || specifier.startsWith('/') || isBuiltin(specifier)) continue;
      const name = packageOf(specifier);
      if (name === packed.manifest.name) continue;
      const seen = found.get(name);
      if (seen === undefined || (seen.typesOnly && !declaration)) found.set(name, { file, typesOnly: declaration });
    }
  }
  return found;
}

/** Scopes whose packages must be peers: the plugin must share the client's copy of them. */
export const PEER_SCOPES = ['@aws-sdk/', '@smithy/'] as const;
