import { fork, type ChildProcess } from 'node:child_process';
import type { BatchTime, Contender } from '../interleaved.js';
import { VARIANT_ARG_PREFIX, type FromVariantProcess, type ToVariantProcess } from './variant-protocol.js';

/** How to start a variant's process: the entry script and Node's flags for it. */
export interface VariantProcessEntry {
  readonly path: string;
  readonly execArgv: readonly string[];
}

/** A contender whose sends run in a child process of their own. */
export interface IsolatedContender extends Contender {
  close(): Promise<void>;
}

/** Starts the variant's process and waits until it is ready. */
export async function isolatedContender(id: string, entry: VariantProcessEntry): Promise<IsolatedContender> {
  const child: ChildProcess = fork(entry.path, [`${VARIANT_ARG_PREFIX}${id}`], {
    execArgv: [...entry.execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = (): Promise<FromVariantProcess> =>
    new Promise((resolve, reject) => {
      const onMessage = (message: FromVariantProcess): void => {
        cleanup();
        if (message.type === 'failed') reject(new Error(`overhead variant ${id} failed in its process:\n${message.message}`));
        else resolve(message);
      };
      const onExit = (code: number | null): void => {
        cleanup();
        reject(new Error(`overhead variant ${id}: its process exited (${String(code)})`));
      };
      const cleanup = (): void => {
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
    });
  const send = (message: ToVariantProcess): void => {
    child.send(message);
  };
  try {
    await next();
  } catch (error) {
    child.kill();
    throw error;
  }
  return {
    id,
    run: async (count): Promise<BatchTime> => {
      const answer = next();
      send({ type: 'run', count });
      const message = await answer;
      if (message.type !== 'ran') throw new Error(`overhead variant ${id}: unexpected ${message.type}`);
      return message.time;
    },
    close: async () => {
      if (child.exitCode !== null || !child.connected) return;
      const answer = next();
      send({ type: 'close' });
      try {
        await answer;
      } finally {
        child.kill();
      }
    },
  };
}
