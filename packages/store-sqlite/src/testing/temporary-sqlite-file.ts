import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A test database path of `temporarySqliteFile`, and how to clean it up. */
export interface TemporarySqliteFile {
  /** A database path in a fresh private directory; the file does not exist yet. */
  readonly path: string;
  /** The directory holding it (and its -wal and -shm files). */
  readonly directory: string;
  /** Deletes the directory and everything in it. */
  remove(): void;
}

/** A fresh path for a test database, so test runs never share a file. */
export function temporarySqliteFile(name = 'tokens.sqlite'): TemporarySqliteFile {
  const directory = mkdtempSync(join(tmpdir(), 'retrysafe-sqlite-'));
  return {
    path: join(directory, name),
    directory,
    remove: () => rmSync(directory, { recursive: true, force: true }),
  };
}
