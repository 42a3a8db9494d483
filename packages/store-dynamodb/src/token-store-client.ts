import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

/**
 * Tries per store call, the first included. Few: a keyed AWS call waits on
 * the store before it is sent, and a store that stays down should fail it
 * soon (closed, with `TokenStoreError`) rather than hold it.
 */
export const TOKEN_STORE_MAX_ATTEMPTS = 3;
/** Time to open a connection to DynamoDB, ms. */
export const TOKEN_STORE_CONNECTION_TIMEOUT_MS = 1000;
/** Time for one request's response, ms: a bind or read takes milliseconds when healthy. */
export const TOKEN_STORE_REQUEST_TIMEOUT_MS = 3000;

/**
 * Handler options behind the defaults. `throwOnRequestTimeout` matters: without
 * it the SDK's Node handler only logs a warning when `requestTimeout` passes
 * and keeps waiting, so a server that accepts and never answers holds the
 * call for good.
 */
const DEFAULT_HANDLER_OPTIONS = {
  connectionTimeout: TOKEN_STORE_CONNECTION_TIMEOUT_MS,
  requestTimeout: TOKEN_STORE_REQUEST_TIMEOUT_MS,
  throwOnRequestTimeout: true,
} as const;

/**
 * A DynamoDB client for a token store, with bounded retries and timeouts
 * (the SDK's defaults set no request timeout). Everything in `config` wins;
 * a `requestHandler` given as options is laid over the defaults, one given
 * as a handler object replaces them.
 */
export function createTokenStoreClient(config: DynamoDBClientConfig = {}): DynamoDBClient {
  const handler = config.requestHandler;
  const isHandlerObject = typeof (handler as { handle?: unknown } | undefined)?.handle === 'function';
  return new DynamoDBClient({
    maxAttempts: TOKEN_STORE_MAX_ATTEMPTS,
    ...config,
    requestHandler: isHandlerObject ? handler : { ...DEFAULT_HANDLER_OPTIONS, ...(handler as object | undefined) },
  });
}
