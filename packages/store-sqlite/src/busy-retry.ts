import { setTimeout as sleep } from 'node:timers/promises';
import { isSqliteBusy } from './sqlite-errors.js';

/** First pause after an immediate SQLITE_BUSY; each further one may be up to twice as long. */
const FIRST_PAUSE_MS = 2;
/** The longest pause between two attempts. */
const MAX_PAUSE_MS = 50;

/**
 * Runs `work` again while it fails with SQLITE_BUSY, after a short jittered
 * pause, until it succeeds or `timeoutMs` has passed (then the last busy
 * error is thrown; any other error at once).
 *
 * SQLite waits in its busy handler (the busy timeout) for most locks, but
 * answers SQLITE_BUSY at once where waiting could deadlock: a connection that
 * holds a read lock and needs the write lock another connection holds. That
 * is what switching a new file to WAL meets when several processes open it
 * together, or while another process writes to it in rollback-journal mode.
 * One of them must give way and try again; this is that try again.
 */
export async function retryWhileBusy<T>(work: () => T, timeoutMs: number, now: () => number = Date.now): Promise<T> {
  const deadline = now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return work();
    } catch (error) {
      if (!isSqliteBusy(error) || now() >= deadline) throw error;
    }
    const ceiling = Math.min(MAX_PAUSE_MS, FIRST_PAUSE_MS * 2 ** attempt, Math.max(0, deadline - now()));
    await sleep(Math.random() * ceiling);
  }
}
