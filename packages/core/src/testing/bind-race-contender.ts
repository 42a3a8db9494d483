import { randomUUID } from 'node:crypto';
import { newTokenRecord } from '../store/token-record.js';
import type { TokenStore } from '../store/token-store.js';

/** What one contender of a bind race reports: whether it created the binding, the token it got, its own token. */
export interface BindRaceResult {
  readonly created: boolean;
  readonly token: string;
  readonly own: string;
}

const CONTENDER_TTL_MS = 60 * 60 * 1000;
const SAMPLE_DIGEST = 'ab'.repeat(32);

/**
 * The child side of a bind race (see `raceProcesses`), for a child script
 * that has made its store: `prepare` (open, connect) runs before 'ready', so
 * the race itself is only the bind of `bindingKey` with a token of its own.
 * Plain Node, no Jest: child scripts load it by path.
 */
export async function runBindContender(store: TokenStore, bindingKey: string, prepare?: () => Promise<void>): Promise<void> {
  const send = (message: unknown): void => {
    process.send?.(message);
  };
  const record = newTokenRecord({
    bindingKey,
    token: randomUUID(),
    fingerprint: SAMPLE_DIGEST,
    memberDigests: { ImageId: SAMPLE_DIGEST },
    ttlMs: CONTENDER_TTL_MS,
  });
  try {
    await prepare?.();
  } catch (error) {
    send({ type: 'error', message: String(error) });
    return;
  }
  process.once('message', () => {
    store.bind(record).then(
      (result) => {
        const value: BindRaceResult = { created: result.created, token: result.record.token, own: record.token };
        send({ type: 'result', value });
      },
      (error: unknown) => send({ type: 'error', message: String(error) }),
    );
  });
  send({ type: 'ready' });
}
