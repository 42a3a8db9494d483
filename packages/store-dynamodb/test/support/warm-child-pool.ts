import { fork, type ChildProcess } from 'node:child_process';
import { CHILD_ENV, type ChildMessage, type CrashPoint, type KeyedRunInstancesResult } from './run-instances-child.js';

/** How one crash-test child ended. */
export interface CrashOutcome {
  /** The signal that ended it: SIGKILL for every crash. */
  readonly signal: NodeJS.Signals | null;
  readonly code: number | null;
  /** The crash points it reported reaching, in order. */
  readonly stages: readonly CrashPoint[];
  /** The token the bind returned, when the child reported it. */
  readonly boundToken: string | undefined;
  /** A result or error the child reported before it was ended. */
  readonly result: KeyedRunInstancesResult | undefined;
  readonly error: string | undefined;
}

interface WarmChild {
  readonly child: ChildProcess;
  readonly messages: ChildMessage[];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Children loaded ahead of need (Node start and module loading are most of
 * a child's cost), so a crash run never waits for a cold start while others
 * are idle. Each child is used once: a SIGKILL ends it.
 */
export class WarmChildPool {
  private readonly warming: Promise<WarmChild>[] = [];
  private readonly all = new Set<ChildProcess>();

  constructor(
    private readonly script: string,
    private readonly args: readonly string[],
    private readonly size: number,
  ) {
    for (let index = 0; index < size; index += 1) this.warm();
  }

  /** A ready child; a new one starts warming in its place. */
  async take(): Promise<WarmChild> {
    const next = this.warming.shift();
    this.warm();
    if (next === undefined) throw new Error('the pool is empty');
    return next;
  }

  /** Kills every child still alive and waits until all are gone. */
  async close(): Promise<void> {
    const children = [...this.all];
    await Promise.all(children.map((child) => killAndWait(child)));
  }

  private warm(): void {
    const child = this.spawn();
    // A child killed while warming (by close) rejects; `take` still sees any other failure.
    child.catch(() => undefined);
    this.warming.push(child);
  }

  private spawn(): Promise<WarmChild> {
    const child = fork(this.script, [...this.args], { env: CHILD_ENV, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.all.add(child);
    const messages: ChildMessage[] = [];
    // 'close', not 'exit': only then has every IPC message the child flushed
    // before its SIGKILL been read ('exit' can come first).
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('close', (code, signal) => {
        this.all.delete(child);
        resolve({ code, signal });
      }),
    );
    return new Promise<WarmChild>((resolve, reject) => {
      child.on('message', (message: ChildMessage) => {
        if (message.type === 'ready') resolve({ child, messages, exited });
        else messages.push(message);
      });
      child.once('exit', (code, signal) => reject(new Error(`a pool child ended before it was ready (${signal ?? code})`)));
      child.once('error', reject);
    });
  }
}

/**
 * Runs one keyed RunInstances in a warm child that dies at `killAt` (by its
 * own SIGKILL), or, with `killAfterMs`, by the parent's SIGKILL that many ms
 * after 'go' (a random point). A child that reports a result or an error
 * instead of dying is ended too, and the report kept. Bounded by `timeoutMs`.
 */
export async function crashOnce(
  pool: WarmChildPool,
  key: string,
  crash: { killAt: CrashPoint } | { killAfterMs: number },
  timeoutMs: number,
): Promise<CrashOutcome> {
  const { child, messages, exited } = await pool.take();
  const killAt = 'killAt' in crash ? crash.killAt : 'none';
  const timers: NodeJS.Timeout[] = [];
  const kill = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  child.on('message', (message: ChildMessage) => {
    if (message.type === 'result' || message.type === 'error') kill();
  });
  if ('killAfterMs' in crash) timers.push(setTimeout(kill, crash.killAfterMs));
  timers.push(setTimeout(kill, timeoutMs));
  child.send({ type: 'go', key, killAt });
  const { code, signal } = await exited;
  for (const timer of timers) clearTimeout(timer);

  const stages: CrashPoint[] = [];
  let boundToken: string | undefined;
  let result: KeyedRunInstancesResult | undefined;
  let error: string | undefined;
  for (const message of messages) {
    if (message.type === 'stage') {
      stages.push(message.stage);
      boundToken ??= message.token;
    } else if (message.type === 'result') {
      result = message.value;
    } else if (message.type === 'error') {
      error = message.message;
    }
  }
  return { signal, code, stages, boundToken, result, error };
}

function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
