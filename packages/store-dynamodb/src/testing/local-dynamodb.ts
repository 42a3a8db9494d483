/** The only address a test server may listen on. */
export const LOOPBACK_HOST = '127.0.0.1';

/** Which local server: dynalite (in process, milliseconds to start) or Amazon's DynamoDB Local (a JVM, seconds). */
export type LocalDynamoDbKind = 'dynalite' | 'dynamodb-local';

/** A DynamoDB-compatible server started on 127.0.0.1 for tests. */
export interface LocalDynamoDb {
  readonly kind: LocalDynamoDbKind;
  /** `http://127.0.0.1:<port>`, for a client's `endpoint`. */
  readonly endpoint: string;
  /** The port it listens on; pass it as `port` to start a server where clients expect it. */
  readonly port: number;
  /**
   * Whether a failed conditional write returns the standing item
   * (`ReturnValuesOnConditionCheckFailure`): DynamoDB Local does, dynalite
   * does not.
   */
  readonly returnsItemOnConditionFailure: boolean;
  /** Stops the server and frees its port; its data is gone. Safe to call twice. */
  stop(): Promise<void>;
}

/** Options of `startDynalite` (and the base of `StartDynamoDbLocalOptions`). */
export interface StartLocalDynamoDbOptions {
  /** Port to listen on. Default: one the OS picks (a restart may pass the old one). */
  readonly port?: number;
}

/** The endpoint URL of a local server on `port`: `http://127.0.0.1:<port>`. */
export function loopbackEndpoint(port: number): string {
  return `http://${LOOPBACK_HOST}:${port}`;
}
