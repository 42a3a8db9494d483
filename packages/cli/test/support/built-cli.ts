import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The tests run the built `retrysafe` as a user would: `node dist/esm/cli.js`.
// CI builds everything first (`bash .ci/setup` runs `pnpm build`); locally a
// missing or stale build (of the CLI or a workspace package it loads) is
// rebuilt once, under a lock, by whichever test file gets there first.

const PACKAGES_DIR = join(__dirname, '..', '..', '..');
export const CLI_PATH = join(PACKAGES_DIR, 'cli', 'dist', 'esm', 'cli.js');

/** Workspace packages the built CLI loads, with the file their build writes. */
const BUILT_PACKAGES: ReadonlyArray<readonly [name: string, builtFile: string]> = [
  ['core', 'dist/esm/index.js'],
  ['aws', 'dist/esm/index.js'],
  ['fake-aws', 'dist/esm/index.js'],
  ['store-sqlite', 'dist/esm/index.js'],
  ['store-redis', 'dist/esm/index.js'],
  ['store-dynamodb', 'dist/esm/index.js'],
  ['chaos', 'dist/esm/index.js'],
  ['cli', 'dist/esm/cli.js'],
];

const LOCK_DIR = join(tmpdir(), 'retrysafe-cli-test-build.lock');
const LOCK_POLL_MS = 250;
/** A full build of the stale packages takes well under this on a busy machine. */
const BUILD_TIMEOUT_MS = 600_000;
/** Jest's beforeAll limit for the build. */
export const BUILD_HOOK_TIMEOUT_MS = BUILD_TIMEOUT_MS + 60_000;

function newestSourceTime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceTime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Packages whose build is missing or older than a source file or their package.json. */
export function stalePackages(): string[] {
  return BUILT_PACKAGES.filter(([name, builtFile]) => {
    const root = join(PACKAGES_DIR, name);
    const built = join(root, builtFile);
    if (!existsSync(built)) return true;
    const sources = Math.max(newestSourceTime(join(root, 'src')), statSync(join(root, 'package.json')).mtimeMs);
    return sources > statSync(built).mtimeMs;
  }).map(([name]) => name);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A lock directory holding the owner's pid; one left by a dead process is taken over. */
async function withBuildLock<T>(work: () => T): Promise<T> {
  const deadline = Date.now() + BUILD_TIMEOUT_MS;
  while (true) {
    try {
      mkdirSync(LOCK_DIR);
      writeFileSync(join(LOCK_DIR, 'pid'), String(process.pid));
      break;
    } catch {
      const owner = Number(readPid());
      if (Number.isInteger(owner) && owner > 0 && !processAlive(owner)) rmSync(LOCK_DIR, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`gave up waiting for the CLI build lock ${LOCK_DIR}`);
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    }
  }
  try {
    return work();
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

function readPid(): string {
  try {
    return readFileSync(join(LOCK_DIR, 'pid'), 'utf8');
  } catch {
    return '';
  }
}

/** Builds what is stale (nothing in CI, where `pnpm build` ran first). */
export async function ensureBuiltCli(): Promise<void> {
  if (stalePackages().length === 0) return;
  await withBuildLock(() => {
    const stale = stalePackages();
    if (stale.length === 0) return;
    const filters = stale.flatMap((name) => ['--filter', `@retrysafe/${name}`]);
    const build = spawnSync('pnpm', [...filters, 'build'], { cwd: PACKAGES_DIR, encoding: 'utf8', timeout: BUILD_TIMEOUT_MS });
    if (build.status !== 0) {
      throw new Error(`building ${stale.join(', ')} failed (${build.status ?? build.signal}):\n${build.stdout}\n${build.stderr}`);
    }
  });
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Environment variables of the test runner that would change the CLI's behaviour. */
const NEUTRALISED_ENV = [
  'NO_COLOR',
  'FORCE_COLOR',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'RETRYSAFE_SQLITE_PATH',
  'RETRYSAFE_REDIS_URL',
  'RETRYSAFE_REDIS_KEY_PREFIX',
  'RETRYSAFE_DYNAMODB_TABLE',
  'RETRYSAFE_DYNAMODB_ENDPOINT',
  'RETRYSAFE_DEBUG',
];
/** No command a test runs takes longer; a hung child fails the test instead of the run. */
const RUN_TIMEOUT_MS = 120_000;

export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of NEUTRALISED_ENV) delete env[name];
  return { ...env, ...extra };
}

/** Starts `retrysafe ARGS` with piped stdio. */
export function spawnCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, [CLI_PATH, ...args], { env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs `retrysafe ARGS` to the end and collects its output. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const child = spawnCli(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`retrysafe ${args.join(' ')} did not finish within ${RUN_TIMEOUT_MS} ms`));
    }, RUN_TIMEOUT_MS);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A stack frame line: user errors must never print one. */
export const STACK_FRAME = /^\s+at \S.*:\d+:\d+\)?$/m;
