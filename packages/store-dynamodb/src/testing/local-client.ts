import type { DynamoDBClient, DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { createTokenStoreClient } from '../token-store-client.js';
import type { LocalDynamoDb } from './local-dynamodb.js';

/**
 * Region and credentials every local client shares: DynamoDB Local keeps one
 * database per access key and region, so processes that share a table must
 * agree on them. Not secrets: local servers check no signature, though
 * DynamoDB Local accepts only letters and digits in the access key.
 */
export const LOCAL_REGION = 'us-east-1';
/** The fixed access key and secret of `localDynamoDbClient`; see `LOCAL_REGION` for why they are fixed. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'retrysafelocal', secretAccessKey: 'retrysafelocal' } as const;

/**
 * A DynamoDB client for a local server (or its endpoint), with the token
 * store's bounded defaults (`createTokenStoreClient`); `config` wins.
 */
export function localDynamoDbClient(server: LocalDynamoDb | string, config: DynamoDBClientConfig = {}): DynamoDBClient {
  return createTokenStoreClient({
    endpoint: typeof server === 'string' ? server : server.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    ...config,
  });
}
