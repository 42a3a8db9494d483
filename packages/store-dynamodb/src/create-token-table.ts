import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { TokenStoreError } from '@retrysafe/core';
import { isTableNotFound, storeCallError } from './store-errors.js';
import { PARTITION_KEY, TTL_ATTRIBUTE } from './table-layout.js';

/** How a new token table is billed: on demand, or for fixed provisioned capacity. */
export type TokenTableBillingMode = 'PAY_PER_REQUEST' | 'PROVISIONED';

/** Read and write capacity units of a 'PROVISIONED' table, as DynamoDB's `ProvisionedThroughput` takes them. */
export interface ProvisionedCapacity {
  readonly readCapacityUnits: number;
  readonly writeCapacityUnits: number;
}

/** Options of `createTokenTable`: `client` and `tableName`, the rest optional. */
export interface CreateTokenTableOptions {
  /** The client that creates and describes the table. */
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Default 'PAY_PER_REQUEST'. 'PROVISIONED' needs `provisionedCapacity`. */
  readonly billingMode?: TokenTableBillingMode;
  /** Required with 'PROVISIONED', ignored otherwise; used only when this call creates the table. */
  readonly provisionedCapacity?: ProvisionedCapacity;
  /** How long to wait for the table to become ACTIVE, ms. Default 60 s. */
  readonly activeTimeoutMs?: number;
}

/**
 * 'enabled': DynamoDB deletes expired items by the `ttl` attribute (lazily).
 * 'unsupported': the server has no TTL (dynalite); only `prune` removes them.
 */
export type TokenTableTimeToLive = 'enabled' | 'unsupported';

/** What `createTokenTable` found or did; the table is ACTIVE either way. */
export interface CreateTokenTableResult {
  readonly tableName: string;
  /** False when the table already existed (with the right key). */
  readonly created: boolean;
  /** Whether DynamoDB's TTL over `ttl` is on, or the server has none. */
  readonly timeToLive: TokenTableTimeToLive;
}

/** A new table is ACTIVE within seconds on DynamoDB; a minute is generous. */
export const DEFAULT_TABLE_ACTIVE_TIMEOUT_MS = 60_000;
const TABLE_POLL_INTERVAL_MS = 250;
const ACTION = 'create-table';
const STORE_NAME = 'dynamodb';

const TABLE_EXISTS = 'ResourceInUseException';
/** dynalite answers UpdateTimeToLive with this. */
const UNKNOWN_OPERATION = 'UnknownOperationException';
const LIVE_TTL_STATES: ReadonlySet<string> = new Set(['ENABLED', 'ENABLING']);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Creates the token table (partition key `pk`, a string; no sort key) and
 * turns on TTL over `ttl`. Idempotent: an existing table with that key is
 * kept and only checked, so every host may call this at start-up. A table
 * of the same name with another key, or with TTL on another attribute,
 * throws `TokenStoreError` kind 'conflict'.
 */
export async function createTokenTable(options: CreateTokenTableOptions): Promise<CreateTokenTableResult> {
  const { client, tableName } = options;
  const created = await createTable(client, tableName, billing(options));
  await waitUntilActive(client, tableName, options.activeTimeoutMs ?? DEFAULT_TABLE_ACTIVE_TIMEOUT_MS);
  const timeToLive = await enableTimeToLive(client, tableName);
  return { tableName, created, timeToLive };
}

function billing(options: CreateTokenTableOptions): Partial<CreateTableCommandInput> {
  const mode = options.billingMode ?? 'PAY_PER_REQUEST';
  if (mode === 'PAY_PER_REQUEST') return { BillingMode: mode };
  const capacity = options.provisionedCapacity;
  if (capacity === undefined) throw new TypeError("createTokenTable: billingMode 'PROVISIONED' needs provisionedCapacity");
  return {
    BillingMode: mode,
    ProvisionedThroughput: {
      ReadCapacityUnits: capacity.readCapacityUnits,
      WriteCapacityUnits: capacity.writeCapacityUnits,
    },
  };
}

/** True when this call created the table, false when it existed. */
async function createTable(
  client: DynamoDBClient,
  tableName: string,
  billingInput: Partial<CreateTableCommandInput>,
): Promise<boolean> {
  try {
    await client.send(
      new CreateTableCommand({
        ...billingInput,
        TableName: tableName,
        AttributeDefinitions: [{ AttributeName: PARTITION_KEY, AttributeType: 'S' }],
        KeySchema: [{ AttributeName: PARTITION_KEY, KeyType: 'HASH' }],
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === TABLE_EXISTS) return false;
    throw storeCallError(STORE_NAME, ACTION, tableName, error);
  }
}

/**
 * Polls DescribeTable until the table is ACTIVE. DescribeTable is eventually
 * consistent: just after CreateTable (ours or another host's) it may still
 * answer ResourceNotFoundException, which here means "not yet". The table
 * exists by then (CreateTable succeeded, or said it was in use), so a table
 * still unseen at the deadline is a timeout like any other.
 */
async function waitUntilActive(client: DynamoDBClient, tableName: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const table = await describeTable(client, tableName);
    if (table !== undefined) {
      checkKeySchema(table, tableName);
      if (table.TableStatus === 'ACTIVE') return;
    }
    if (Date.now() >= deadline) {
      const seen = table === undefined ? 'DescribeTable does not see it yet' : `status ${table.TableStatus ?? 'unknown'}`;
      throw new TokenStoreError({
        store: STORE_NAME,
        kind: 'unavailable',
        action: ACTION,
        message: `table '${tableName}' did not become ACTIVE within ${timeoutMs} ms (${seen})`,
      });
    }
    await sleep(TABLE_POLL_INTERVAL_MS);
  }
}

/** The table's description, or undefined while DynamoDB does not see it yet. */
async function describeTable(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    const output = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return output.Table ?? {};
  } catch (error) {
    if (isTableNotFound(error)) return undefined;
    throw storeCallError(STORE_NAME, ACTION, tableName, error);
  }
}

/** The table must be keyed by `pk` (S) alone, or bindings would not be one item per key. */
function checkKeySchema(table: TableDescription, tableName: string): void {
  const keys = table.KeySchema ?? [];
  const partitionKeyType = table.AttributeDefinitions?.find((a) => a.AttributeName === PARTITION_KEY)?.AttributeType;
  const hashOnPk = keys.length === 1 && keys[0]?.AttributeName === PARTITION_KEY && keys[0]?.KeyType === 'HASH';
  if (hashOnPk && partitionKeyType === 'S') return;
  throw new TokenStoreError({
    store: STORE_NAME,
    kind: 'conflict',
    action: ACTION,
    message: `table '${tableName}' exists with another key; a token table has the partition key '${PARTITION_KEY}' (S) and no sort key`,
  });
}

async function enableTimeToLive(client: DynamoDBClient, tableName: string): Promise<TokenTableTimeToLive> {
  if (await timeToLiveIsOn(client, tableName)) return 'enabled';
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      }),
    );
    return 'enabled';
  } catch (error) {
    if (error instanceof Error && error.name === UNKNOWN_OPERATION) return 'unsupported';
    // Another host may have turned it on meanwhile (DynamoDB refuses a second enable).
    if (await timeToLiveIsOn(client, tableName)) return 'enabled';
    throw storeCallError(STORE_NAME, ACTION, tableName, error);
  }
}

/** Whether TTL is on (or turning on) over our attribute; TTL over another one throws. */
async function timeToLiveIsOn(client: DynamoDBClient, tableName: string): Promise<boolean> {
  let description;
  try {
    description = (await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }))).TimeToLiveDescription;
  } catch (error) {
    if (error instanceof Error && error.name === UNKNOWN_OPERATION) return false;
    throw storeCallError(STORE_NAME, ACTION, tableName, error);
  }
  if (!LIVE_TTL_STATES.has(description?.TimeToLiveStatus ?? '')) return false;
  if (description?.AttributeName === TTL_ATTRIBUTE) return true;
  throw new TokenStoreError({
    store: STORE_NAME,
    kind: 'conflict',
    action: ACTION,
    message: `table '${tableName}' has TTL on another attribute; a token table needs TTL on '${TTL_ATTRIBUTE}'`,
  });
}
