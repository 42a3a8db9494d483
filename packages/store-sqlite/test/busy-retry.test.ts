import { retryWhileBusy } from '../src/busy-retry.js';

/** The shape both drivers give an SQLite error: errcode is the (extended) result code. */
function sqliteError(errcode: number, errstr: string): Error {
  return Object.assign(new Error(errstr), { code: 'ERR_SQLITE_ERROR', errcode, errstr });
}

const SQLITE_BUSY = 5;
const SQLITE_BUSY_SNAPSHOT = 517;
const SQLITE_LOCKED = 6;

describe('retryWhileBusy', () => {
  it('runs the work again while it is busy (any extended busy code), and returns what it finally returns', async () => {
    const answers = [sqliteError(SQLITE_BUSY, 'database is locked'), sqliteError(SQLITE_BUSY_SNAPSHOT, 'database is locked'), 'done'];
    let calls = 0;
    const result = await retryWhileBusy(() => {
      const answer = answers[calls++];
      if (answer instanceof Error) throw answer;
      return answer;
    }, 5_000);
    expect(result).toBe('done');
    expect(calls).toBe(3);
  });

  it('throws any other error at once', async () => {
    for (const error of [sqliteError(SQLITE_LOCKED, 'database table is locked'), new TypeError('not sqlite'), 'a string']) {
      let calls = 0;
      await expect(
        retryWhileBusy(() => {
          calls += 1;
          throw error;
        }, 5_000),
      ).rejects.toBe(error);
      expect(calls).toBe(1);
    }
  });

  it('gives up with the last busy error once the timeout has passed, after at least one attempt', async () => {
    let clock = 0;
    let calls = 0;
    const busy = sqliteError(SQLITE_BUSY, 'database is locked');
    const attempt = (): never => {
      calls += 1;
      clock += 10;
      throw busy;
    };
    await expect(retryWhileBusy(attempt, 35, () => clock)).rejects.toBe(busy);
    expect(calls).toBe(4); // at 10, 20, 30 ms still inside 35 ms; at 40 ms past it
    calls = 0;
    await expect(retryWhileBusy(attempt, 0, () => clock)).rejects.toBe(busy);
    expect(calls).toBe(1);
  });
});
