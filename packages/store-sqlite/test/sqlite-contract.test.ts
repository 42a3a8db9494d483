import { describeTokenStoreContract } from '@retrysafe/core/testing';
import { SqliteTokenStore } from '@retrysafe/store-sqlite';
import { temporarySqliteFile } from '@retrysafe/store-sqlite/testing';

// One file for the whole run, as processes on one host share it; every test
// opens its own store (connection) on it.
const file = temporarySqliteFile();
afterAll(() => file.remove());

describeTokenStoreContract('sqlite', { create: async () => new SqliteTokenStore({ path: file.path }) });
