import { GetItemCommand, PutItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { sampleTokenRecord } from '@retrysafe/core/testing';
import { encodeTokenItem } from '../../src/token-item.js';

export type RawItem = Record<string, AttributeValue>;

/** Writes an item as is, around the store: what another program might leave in the table. */
export async function putRawItem(client: DynamoDBClient, tableName: string, item: RawItem): Promise<void> {
  await client.send(new PutItemCommand({ TableName: tableName, Item: item }));
}

export async function getRawItem(client: DynamoDBClient, tableName: string, pk: string): Promise<RawItem | undefined> {
  const output = await client.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: pk } }, ConsistentRead: true }));
  return output.Item;
}

/**
 * A version-1 item expiring at `expiresAt` but for its token, which is
 * missing: every attribute a condition on version and expiry looks at says
 * "expired, ours", yet the store cannot read it.
 */
export function unreadableItem(bindingKey: string, expiresAt: number): RawItem {
  const { token: _token, ...rest } = encodeTokenItem(sampleTokenRecord({ bindingKey, now: expiresAt - 1, ttlMs: 1 }));
  return rest;
}
