import { fork, type ChildProcess } from 'node:child_process';

/**
 * Child processes for race and crash tests of the durable stores. Each child
 * is forked with an IPC channel and follows a three-message protocol:
 *
 *     child:  process.send({ type: 'ready' })          once loaded and set up
 *     parent: { type: 'go' }
 *     child:  process.send({ type: 'result', value })  or { type: 'error', message }
 *
 * A child stays alive after its result (the parent ends it), so a child that
 * exits before reporting has failed, or was killed.
 */

/** How a contender ended: it reported, or it was gone first (a crash, a SIGKILL). */
export type ContenderOutcome<T> =
  | { readonly kind: 'result'; readonly value: T }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'exit'; readonly code: number | null; readonly signal: NodeJS.Signals | null };

/**
 * One forked process of a race: loaded, then waiting for `go()`, then
 * reporting one result (or an error) over IPC.
 */
export interface Contender<T> {
  /** The forked process itself. */
  readonly child: ChildProcess;
  /** Resolves when the child is loaded and waiting for 'go'; rejects if it ends first. */
  readonly ready: Promise<void>;
  /** Tells the child to start. */
  go(): void;
  /** The first of: its result, its error, its exit. */
  readonly outcome: Promise<ContenderOutcome<T>>;
  /** SIGKILL (if still running), resolved once the child is gone. */
  stop(): Promise<void>;
}

type ChildMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'result'; readonly value: unknown }
  | { readonly type: 'error'; readonly message: string };

/** Forks `script` (a .cjs file loading sources through `.config/register-sources.cjs`, or any Node script). */
export function forkContender<T>(script: string, args: readonly string[] = [], env: NodeJS.ProcessEnv = process.env): Contender<T> {
  const child = fork(script, [...args], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  // 'close', not 'exit': 'exit' can come before the last IPC messages are
  // read, and a report the child flushed just before dying would be lost.
  // 'error' without 'close' when the process could not be started at all.
  const exited = new Promise<void>((resolve) => {
    child.once('close', () => resolve());
    child.once('error', () => resolve());
  });
  let markReady: () => void = () => undefined;
  let failReady: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  ready.catch(() => undefined);
  const outcome = new Promise<ContenderOutcome<T>>((resolve) => {
    child.on('message', (message: ChildMessage) => {
      if (message.type === 'ready') markReady();
      else if (message.type === 'result') resolve({ kind: 'result', value: message.value as T });
      else resolve({ kind: 'error', message: message.message });
    });
    child.once('close', (code, signal) => {
      failReady(new Error(`contender exited before it was ready (${signal ?? code})`));
      resolve({ kind: 'exit', code, signal });
    });
    child.once('error', (error) => {
      failReady(error);
      resolve({ kind: 'error', message: error.message });
    });
  });
  return {
    child,
    ready,
    outcome,
    go: () => {
      if (child.connected) child.send({ type: 'go' });
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** What `processRace` forks, and how many. */
export interface ProcessRaceOptions {
  /** The contender script, as for `forkContender`. */
  readonly script: string;
  /** Arguments for every contender. */
  readonly args?: readonly string[];
  /** How many processes race. */
  readonly processes: number;
  /** Their environment. Default: this process's. */
  readonly env?: NodeJS.ProcessEnv;
  /** Bound on the whole race, ms. Default 60,000. */
  readonly timeoutMs?: number;
}

const DEFAULT_RACE_TIMEOUT_MS = 60_000;

/**
 * Many processes doing one thing at the same moment: all are forked and
 * loaded first, then told 'go' together, so the race is only the work
 * itself. The results, in fork order; rejects when any child fails or ends
 * early. Every child is gone when it settles.
 */
export async function raceProcesses<T>(options: ProcessRaceOptions): Promise<T[]> {
  const { script, args = [], processes, env = process.env, timeoutMs = DEFAULT_RACE_TIMEOUT_MS } = options;
  if (!Number.isSafeInteger(processes) || processes < 1) {
    throw new RangeError(`processes must be a positive integer, got ${String(processes)}`);
  }
  const contenders = Array.from({ length: processes }, () => forkContender<T>(script, args, env));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`process race did not finish within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([runRace(contenders), timeout]);
  } finally {
    clearTimeout(timer);
    await Promise.all(contenders.map((contender) => contender.stop()));
  }
}

async function runRace<T>(contenders: readonly Contender<T>[]): Promise<T[]> {
  await Promise.all(contenders.map((contender) => contender.ready));
  for (const contender of contenders) contender.go();
  const outcomes = await Promise.all(contenders.map((contender) => contender.outcome));
  return outcomes.map((outcome, index) => {
    if (outcome.kind === 'result') return outcome.value;
    const why = outcome.kind === 'error' ? outcome.message : `exited early (${outcome.signal ?? outcome.code})`;
    throw new Error(`race child ${index} failed: ${why}`);
  });
}
