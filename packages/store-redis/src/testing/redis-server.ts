import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** A `redis-server` the caller started, on 127.0.0.1. */
export interface RedisServer {
  /** The port it listens on, kept across `restart`. */
  readonly port: number;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** Whether the server process is running (and not paused). */
  readonly running: boolean;
  /** SIGKILL and wait for the exit: an outage (the data goes with it). */
  kill(): Promise<void>;
  /** Starts a fresh server on the same port after `kill`. */
  restart(): Promise<void>;
  /** SIGSTOP: the server keeps its connections but answers nothing (a hung host). */
  pause(): void;
  /** SIGCONT after `pause`. */
  resume(): void;
  /** Stops the server for good and removes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

/** Options of `startRedisServer`; every one is optional. */
export interface StartRedisServerOptions {
  /** The binary. Default: `REDIS_SERVER` from the environment, else `redis-server` on PATH. */
  readonly executable?: string;
  /** How long to wait for the first PONG, ms. Default 10,000. */
  readonly readyTimeoutMs?: number;
}

const LOCALHOST = '127.0.0.1';
const DEFAULT_READY_TIMEOUT_MS = 10_000;
const READY_POLL_MS = 20;
/** A free port can be taken by someone else before the server binds it. */
const PORT_ATTEMPTS = 5;
const REDIS_SERVER = 'redis-server';

/** Where `redis-server` is: `REDIS_SERVER` from the environment, else the first on PATH; undefined when missing. */
export function findRedisServer(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = env.REDIS_SERVER
    ? [env.REDIS_SERVER]
    : (env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, REDIS_SERVER));
  return candidates.find((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Why there is no server to test against, in words a CI log reader can act on. */
export const REDIS_SERVER_MISSING =
  'redis-server is not installed (not on PATH and REDIS_SERVER is unset). ' +
  'Install it with `apt-get install -y redis-server` (`bash .ci/setup` does this).';

/**
 * Starts `redis-server` on 127.0.0.1 and a free port, persisting nothing
 * (`--save '' --appendonly no`, its own temporary directory), and waits until
 * it answers PING. Always `stop()` it (afterAll / finally).
 */
export async function startRedisServer(options: StartRedisServerOptions = {}): Promise<RedisServer> {
  const executable = options.executable ?? findRedisServer();
  if (executable === undefined) throw new Error(REDIS_SERVER_MISSING);
  const readyTimeoutMs = options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  const directory = mkdtempSync(join(tmpdir(), 'retrysafe-redis-'));

  let lastError: unknown;
  for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt += 1) {
    const port = await freePort();
    try {
      const child = await launch(executable, port, directory, readyTimeoutMs);
      return new RunningRedisServer(executable, port, directory, readyTimeoutMs, child);
    } catch (error) {
      lastError = error;
    }
  }
  rmSync(directory, { recursive: true, force: true });
  throw new Error(`redis-server did not start after ${PORT_ATTEMPTS} attempts`, { cause: lastError });
}

class RunningRedisServer implements RedisServer {
  readonly url: string;
  private paused = false;
  private stopped = false;

  constructor(
    private readonly executable: string,
    readonly port: number,
    private readonly directory: string,
    private readonly readyTimeoutMs: number,
    private child: ChildProcess | undefined,
  ) {
    this.url = `redis://${LOCALHOST}:${port}`;
  }

  get running(): boolean {
    return this.child !== undefined && !this.paused;
  }

  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    this.paused = false;
    if (child !== undefined) await terminate(child);
  }

  async restart(): Promise<void> {
    if (this.stopped) throw new Error('redis-server was stopped for good');
    await this.kill();
    this.child = await launch(this.executable, this.port, this.directory, this.readyTimeoutMs);
  }

  pause(): void {
    if (this.child?.kill('SIGSTOP')) this.paused = true;
  }

  resume(): void {
    if (this.child?.kill('SIGCONT')) this.paused = false;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.kill();
    rmSync(this.directory, { recursive: true, force: true });
  }
}

async function launch(executable: string, port: number, directory: string, readyTimeoutMs: number): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', LOCALHOST, '--save', '', '--appendonly', 'no', '--dir', directory];
  const child = spawn(executable, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<never>((_resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      reject(new Error(`redis-server exited during start-up (${signal ?? code}): ${stderr.trim()}`)),
    );
  });
  exited.catch(() => undefined);
  try {
    await Promise.race([waitForPong(port, readyTimeoutMs), exited]);
    return child;
  } catch (error) {
    await terminate(child);
    throw error;
  }
}

/** Polls PING until PONG, for at most `timeoutMs`. */
async function waitForPong(port: number, timeoutMs: number): Promise<void> {
  const attempts = Math.ceil(timeoutMs / READY_POLL_MS);
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (await answersPing(port)) return;
    await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
  }
  throw new Error(`redis-server on port ${port} did not answer PING within ${timeoutMs} ms`);
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: LOCALHOST, port });
    let reply = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(READY_POLL_MS * 10, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, LOCALHOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** SIGKILL (after SIGCONT, in case it is paused) and wait for the exit. */
function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGCONT');
    child.kill('SIGKILL');
  });
}
