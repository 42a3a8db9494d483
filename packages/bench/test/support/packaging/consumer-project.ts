import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import type { PackedPackage } from './packed-package.js';
import { cleanEnvironment, runChecked, runCommand, type CommandResult } from './run-command.js';
import { REPO_ROOT } from './workspace-packages.js';

const INSTALL_TIMEOUT_MS = 240_000;
const TSC_TIMEOUT_MS = 120_000;
const RUN_TIMEOUT_MS = 60_000;

/** The two consumers: the same source compiled as ES modules and as CommonJS. */
export const CONSUMER_KINDS = ['esm', 'cjs'] as const;
export type ConsumerKind = (typeof CONSUMER_KINDS)[number];
const PACKAGE_TYPE: Record<ConsumerKind, string> = { esm: 'module', cjs: 'commonjs' };

const CONSUMER_SOURCE = join(__dirname, '..', '..', 'fixtures', 'consumer', 'consumer.ts');
const requireFromBench = createRequire(join(REPO_ROOT, 'packages', 'bench', 'package.json'));
const requireFromRoot = createRequire(join(REPO_ROOT, 'package.json'));

/** The version of a package as the workspace has it installed, so the consumer tests against the same. */
function installedVersion(name: string, from: NodeJS.Require): string {
  return (JSON.parse(readFileSync(from.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
}

/** The workspace's TypeScript compiler (typescript is a root devDependency). */
export const TSC = requireFromRoot.resolve('typescript/bin/tsc');

/**
 * A fresh npm project (outside the workspace) that depends on the packed
 * tarballs, plus @aws-sdk/client-ec2 and @types/node from the registry at the
 * workspace's versions. `overrides` pins every @retrysafe package to its
 * tarball, so npm never looks for them in the registry.
 */
export function writeConsumerProject(root: string, packed: readonly PackedPackage[]): void {
  mkdirSync(root, { recursive: true });
  const tarballDeps = Object.fromEntries(packed.map((p) => [p.manifest.name, `file:${relative(root, p.tarball)}`]));
  const manifest = {
    name: 'retrysafe-packaging-consumer',
    version: '1.0.0',
    private: true,
    type: 'module',
    dependencies: {
      ...tarballDeps,
      '@aws-sdk/client-ec2': installedVersion('@aws-sdk/client-ec2', requireFromBench),
      '@types/node': installedVersion('@types/node', requireFromRoot),
    },
    overrides: Object.fromEntries(packed.map((p) => [p.manifest.name, `$${p.manifest.name}`])),
  };
  writeFileSync(join(root, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  for (const kind of CONSUMER_KINDS) {
    const dir = join(root, kind);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ type: PACKAGE_TYPE[kind] })}\n`);
    copyFileSync(CONSUMER_SOURCE, join(dir, 'consumer.ts'));
    const tsconfig = {
      compilerOptions: {
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        target: 'ES2022',
        lib: ['ES2023'],
        types: ['node'],
        strict: true,
        // Check the shipped declarations too, not only their use.
        skipLibCheck: false,
        outDir: 'out',
        rootDir: '.',
      },
      files: ['consumer.ts'],
    };
    writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
  }
}

/** Plain `npm install`, as a user would, in a clean environment. */
export async function npmInstall(root: string): Promise<CommandResult> {
  return runChecked('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd: root,
    timeoutMs: INSTALL_TIMEOUT_MS,
    env: cleanEnvironment(),
  });
}

/** tsc on one consumer; the result carries the diagnostics. */
export function compileConsumer(root: string, kind: ConsumerKind): Promise<CommandResult> {
  return runCommand(process.execPath, [TSC, '-p', join(kind, 'tsconfig.json'), '--pretty', 'false'], {
    cwd: root,
    timeoutMs: TSC_TIMEOUT_MS,
    env: cleanEnvironment(),
  });
}

/** Runs a compiled consumer with node. */
export function runConsumer(root: string, kind: ConsumerKind): Promise<CommandResult> {
  return runCommand(process.execPath, [join(kind, 'out', 'consumer.js')], {
    cwd: root,
    timeoutMs: RUN_TIMEOUT_MS,
    env: { ...cleanEnvironment(), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
}

/** Where Node resolves a package from the consumer project, by `require` and by `import`. */
export async function resolvedEntries(root: string, name: string): Promise<{ require: string; import: string }> {
  const env = cleanEnvironment();
  const viaRequire = await runChecked(process.execPath, ['-p', `require.resolve(${JSON.stringify(name)})`], { cwd: root, timeoutMs: RUN_TIMEOUT_MS, env });
  const viaImport = await runChecked(
    process.execPath,
    ['--input-type=module', '-e', `console.log(import.meta.resolve(${JSON.stringify(name)}))`],
    { cwd: root, timeoutMs: RUN_TIMEOUT_MS, env },
  );
  return { require: viaRequire.stdout.trim(), import: viaImport.stdout.trim() };
}
