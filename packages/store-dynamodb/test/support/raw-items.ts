import { GetItemCommand, PutItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

export type RawItem = Record<string, AttributeValue>;

/** Writes an item as is, around the store: what another program might leave in the table. */
export async function putRawItem(client: DynamoDBClient, tableName: string, item: RawItem): Promise<void> {
  await client.send(new PutItemCommand({ TableName: tableName, Item: item }));
}

export async function getRawItem(client: DynamoDBClient, tableName: string, pk: string): Promise<RawItem | undefined> {
  const output = await client.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: pk } }, ConsistentRead: true }));
  return output.Item;
}
