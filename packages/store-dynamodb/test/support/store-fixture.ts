import type { DynamoDBClient, DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { createTokenTable, DynamoDbTokenStore, type CreateTokenTableResult } from '../../src/index.js';
import {
  localDynamoDbClient,
  randomTableName,
  startLocalDynamoDb,
  type LocalDynamoDb,
  type LocalDynamoDbKind,
} from '../../src/testing/index.js';

/** DynamoDB Local's JVM may take a while on a busy machine. */
export const SERVER_START_TIMEOUT_MS = 90_000;

/** One server and one token table for a test file, stopped in afterAll. */
export interface StoreFixture {
  readonly kind: LocalDynamoDbKind;
  readonly server: LocalDynamoDb;
  /** Client for raw reads and writes in tests. */
  readonly admin: DynamoDBClient;
  readonly tableName: string;
  readonly table: CreateTokenTableResult;
  /** A fresh client of the server, destroyed with the store. */
  newClient(config?: DynamoDBClientConfig): DynamoDBClient;
  /** A store over its own fresh client; `close()` destroys the client. */
  newStore(options?: { now?: () => number; client?: DynamoDBClient }): DynamoDbTokenStore;
  /** A store over the admin client, for setting the scene; needs no closing. */
  adminStore(): DynamoDbTokenStore;
}

/** A fresh token table on `server`, made through a client of its own. */
export async function createTableOn(server: LocalDynamoDb, tableName: string = randomTableName()): Promise<string> {
  const admin = localDynamoDbClient(server);
  try {
    await createTokenTable({ client: admin, tableName });
    return tableName;
  } finally {
    admin.destroy();
  }
}

export function useStoreFixture(kind: LocalDynamoDbKind): StoreFixture {
  let server: LocalDynamoDb | undefined;
  let admin: DynamoDBClient | undefined;
  let table: CreateTokenTableResult | undefined;
  const tableName = randomTableName();

  beforeAll(async () => {
    server = await startLocalDynamoDb(kind);
    admin = localDynamoDbClient(server);
    table = await createTokenTable({ client: admin, tableName });
  }, SERVER_START_TIMEOUT_MS);

  afterAll(async () => {
    admin?.destroy();
    await server?.stop();
  });

  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the ${kind} fixture has no ${what}: did beforeAll fail?`);
    return value;
  };

  const fixture: StoreFixture = {
    kind,
    tableName,
    get server() {
      return need(server, 'server');
    },
    get admin() {
      return need(admin, 'admin client');
    },
    get table() {
      return need(table, 'table');
    },
    newClient: (config) => localDynamoDbClient(fixture.server, config),
    newStore: (options = {}) =>
      new DynamoDbTokenStore({
        client: options.client ?? fixture.newClient(),
        tableName,
        now: options.now,
        destroyClientOnClose: true,
      }),
    adminStore: () => new DynamoDbTokenStore({ client: fixture.admin, tableName }),
  };
  return fixture;
}
