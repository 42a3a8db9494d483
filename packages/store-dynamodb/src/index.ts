// @retrysafe/store-dynamodb: the whole public face. Test servers and helpers
// live in '@retrysafe/store-dynamodb/testing'.
export {
  DEFAULT_LIST_LIMIT,
  DynamoDbTokenStore,
  type DynamoDbTokenStoreOptions,
} from './dynamodb-token-store.js';
export {
  createTokenTable,
  DEFAULT_TABLE_ACTIVE_TIMEOUT_MS,
  type CreateTokenTableOptions,
  type CreateTokenTableResult,
  type ProvisionedCapacity,
  type TokenTableBillingMode,
  type TokenTableTimeToLive,
} from './create-token-table.js';
export {
  createTokenStoreClient,
  TOKEN_STORE_CONNECTION_TIMEOUT_MS,
  TOKEN_STORE_MAX_ATTEMPTS,
  TOKEN_STORE_REQUEST_TIMEOUT_MS,
} from './token-store-client.js';
export {
  ITEM_FORMAT_VERSION,
  PARTITION_KEY,
  TTL_ATTRIBUTE,
  TTL_GRACE_SECONDS,
} from './table-layout.js';
