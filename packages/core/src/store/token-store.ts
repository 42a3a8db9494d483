/**
 * The persistence-layer contract: where a logical operation's token lives.
 *
 * A binding ties a binding key (a hash of namespace, scope, service,
 * operation, caller's key and occurrence) to the token first chosen for it and
 * the fingerprint of the parameters first sent with it. Records hold hashes
 * only, never raw parameters: inputs can carry secrets (UserData, templates).
 */

/** Where a binding stands: sent or about to be sent, or finished with a known outcome. */
export type BindingStatus = 'pending' | 'succeeded' | 'failed';

/** One binding: a logical operation's token and the hashes of the parameters first sent with it. */
export interface TokenRecord {
  /** Hex SHA-256 of the binding's parts; see `bindingKey`. */
  readonly bindingKey: string;
  /** The idempotency token bound to the logical operation. */
  readonly token: string;
  /** Hex digest of the canonical input (token member excluded). */
  readonly fingerprint: string;
  /** Hex digest per top-level input member, so a mismatch can name what changed. */
  readonly memberDigests: Readonly<Record<string, string>>;
  /** Whether the request is out, or how it ended. */
  readonly status: BindingStatus;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  /** Epoch milliseconds after which the binding is gone (the service forgets the token). */
  readonly expiresAt: number;
  /** Epoch milliseconds of the last status change. */
  readonly updatedAt: number;
}

/** The answer to `bind`: the record that stands, and whether this call wrote it. */
export interface BindResult {
  /** The record now in the store: the new one, or the one that was already there. */
  readonly record: TokenRecord;
  /** True when this call wrote the record; false when another binding existed. */
  readonly created: boolean;
}

/** Filters for `list`. */
export interface ListOptions {
  /** Only bindings whose key starts with this prefix. */
  readonly prefix?: string;
  /** At most this many records. */
  readonly limit?: number;
}

/**
 * Where keyed bindings live. One implementation per backend (memory, SQLite,
 * DynamoDB, Redis); every one passes `describeTokenStoreContract`.
 */
export interface TokenStore {
  /** Short name for errors and events ('memory', 'sqlite', 'dynamodb', 'redis'). */
  readonly name: string;
  /**
   * Atomic put-if-absent. Writes `record` unless a live (unexpired) record
   * exists for its key, and returns the record that now stands. Two callers
   * binding one key at once get one record between them.
   */
  bind(record: TokenRecord): Promise<BindResult>;
  /** The live record for a key, or undefined (missing or expired). */
  get(bindingKey: string): Promise<TokenRecord | undefined>;
  /**
   * Records the outcome. Only touches the record when it still holds `token`,
   * so a late completion never rewrites a newer binding.
   */
  complete(bindingKey: string, token: string, status: Exclude<BindingStatus, 'pending'>): Promise<void>;
  /** Forgets a binding (the next keyed call makes a new token). */
  delete(bindingKey: string): Promise<void>;
  /** Live records, for inspection tools. */
  list?(options?: ListOptions): Promise<TokenRecord[]>;
  /** Removes expired records; returns how many went. */
  prune?(): Promise<number>;
  /** Releases connections and handles. */
  close?(): Promise<void>;
}
