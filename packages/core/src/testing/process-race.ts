import { fork, type ChildProcess } from 'node:child_process';

/**
 * Many processes doing one thing at the same moment: the race tests of the
 * durable stores. Each child is forked with an IPC channel and follows a
 * three-message protocol:
 *
 *     child:  process.send({ type: 'ready' })          once loaded and set up
 *     parent: { type: 'go' }                           to every child at once
 *     child:  process.send({ type: 'result', value })  or { type: 'error', message }
 *
 * A child stays alive after its result (the parent ends it): a child that
 * exits before reporting has failed. The parent holds every child until all are ready, so the slow part (Node
 * start, module loading) is over before the race begins.
 */
export interface ProcessRaceOptions {
  /** A script `node` can run (.cjs to load TypeScript sources through `.config/register-sources.cjs`). */
  readonly script: string;
  readonly args?: readonly string[];
  readonly processes: number;
  readonly env?: NodeJS.ProcessEnv;
  /** Bound on the whole race, ms. Default 60,000. */
  readonly timeoutMs?: number;
}

const DEFAULT_RACE_TIMEOUT_MS = 60_000;

type ChildMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'result'; readonly value: unknown }
  | { readonly type: 'error'; readonly message: string };

/** The children's results, in fork order. Rejects when any child fails; every child is gone when it settles. */
export async function raceProcesses<T>(options: ProcessRaceOptions): Promise<T[]> {
  const { script, args = [], processes, env = process.env, timeoutMs = DEFAULT_RACE_TIMEOUT_MS } = options;
  if (!Number.isSafeInteger(processes) || processes < 1) {
    throw new RangeError(`processes must be a positive integer, got ${String(processes)}`);
  }
  const children: ChildProcess[] = [];
  let timer: NodeJS.Timeout | undefined;
  try {
    const results = new Promise<T[]>((resolve, reject) => {
      const values: T[] = new Array<T>(processes);
      let ready = 0;
      let finished = 0;
      timer = setTimeout(() => reject(new Error(`process race did not finish within ${timeoutMs} ms`)), timeoutMs);
      for (let index = 0; index < processes; index += 1) {
        const child = fork(script, [...args], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        children.push(child);
        child.on('error', reject);
        child.on('exit', (code, signal) => {
          if (values[index] === undefined) reject(new Error(`race child ${index} exited early (${signal ?? code})`));
        });
        child.on('message', (message: ChildMessage) => {
          if (message.type === 'ready') {
            ready += 1;
            if (ready === processes) for (const each of children) each.send({ type: 'go' });
          } else if (message.type === 'result') {
            values[index] = message.value as T;
            finished += 1;
            if (finished === processes) resolve(values);
          } else {
            reject(new Error(`race child ${index} failed: ${message.message}`));
          }
        });
      }
    });
    return await results;
  } finally {
    clearTimeout(timer);
    await Promise.all(children.map(stopChild));
  }
}

/** Ends a child (if still running) and waits for it to be gone. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
