import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

// moto (a Python fake of AWS that nobody here wrote) as a peer for the
// conformance test: found in the machine's python3, started on a free port of
// 127.0.0.1, and always stopped.

const PYTHON = 'python3';
const READY_PATH = '/moto-api/';
const READY_POLL_MS = 100;
const READY_LIMIT_MS = 30_000;
const STOP_GRACE_MS = 5_000;
const STDERR_TAIL_CHARS = 2_000;

export interface MotoServer {
  readonly endpoint: string;
  readonly version: string;
  stop(): Promise<void>;
}

/** moto's version, or why it cannot be used. */
export function motoVersion(): { readonly version: string } | { readonly problem: string } {
  const probe = spawnSync(PYTHON, ['-c', 'import moto; print(moto.__version__)'], { encoding: 'utf8' });
  if (probe.error !== undefined) return { problem: `${PYTHON} could not run: ${probe.error.message}` };
  if (probe.status !== 0) return { problem: `${PYTHON} cannot import moto: ${probe.stderr.trim().split('\n').at(-1) ?? ''}` };
  return { version: probe.stdout.trim() };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export async function startMoto(version: string): Promise<MotoServer> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(PYTHON, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-STDERR_TAIL_CHARS);
  });
  const stop = () => stopChild(child);
  try {
    await waitUntilReady(endpoint, child, () => stderr);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, version, stop };
}

async function waitUntilReady(endpoint: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + READY_LIMIT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`moto exited with code ${child.exitCode} before answering:\n${stderr()}`);
    }
    try {
      const response = await fetch(`${endpoint}${READY_PATH}`);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
  }
  throw new Error(`moto did not answer on ${endpoint} within ${READY_LIMIT_MS} ms:\n${stderr()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
