import { randomBytes } from 'node:crypto';
import { startDynalite } from './dynalite-server.js';
import { startDynamoDbLocal, type StartDynamoDbLocalOptions } from './dynamodb-local-server.js';
import type { LocalDynamoDb, LocalDynamoDbKind } from './local-dynamodb.js';

/** Either local server by kind, for code that runs against both. */
export function startLocalDynamoDb(kind: LocalDynamoDbKind, options: StartDynamoDbLocalOptions = {}): Promise<LocalDynamoDb> {
  return kind === 'dynalite' ? startDynalite(options) : startDynamoDbLocal(options);
}

const TABLE_SUFFIX_BYTES = 6;

/** A fresh table name, so tests sharing one server never share a table. */
export function randomTableName(prefix = 'retrysafe-tokens'): string {
  return `${prefix}-${randomBytes(TABLE_SUFFIX_BYTES).toString('hex')}`;
}
