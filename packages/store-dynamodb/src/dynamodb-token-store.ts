import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  UpdateItemCommand,
  type DynamoDBClient,
  type ScanCommandInput,
} from '@aws-sdk/client-dynamodb';
import {
  isExpired,
  TokenStoreError,
  validateTokenRecord,
  type BindingStatus,
  type BindResult,
  type ListOptions,
  type TokenRecord,
  type TokenStore,
} from '@retrysafe/core';
import { conditionalCheckFailure, storeCallError } from './store-errors.js';
import {
  EXPIRES_AT_ATTRIBUTE,
  FORMAT_VERSION_ATTRIBUTE,
  ITEM_FORMAT_VERSION,
  PARTITION_KEY,
  STATUS_ATTRIBUTE,
  TOKEN_ATTRIBUTE,
  UPDATED_AT_ATTRIBUTE,
} from './table-layout.js';
import { decodeTokenItem, encodeTokenItem, type TokenItem } from './token-item.js';

/** Options of `DynamoDbTokenStore`: `client` and `tableName`, the rest optional. */
export interface DynamoDbTokenStoreOptions {
  /**
   * The client the store talks through. Its configuration governs retries
   * and time limits (`maxAttempts`, `requestHandler` timeouts): the store
   * adds no retry loop of its own. See `createTokenStoreClient` for bounded
   * defaults.
   */
  readonly client: DynamoDBClient;
  /** A table laid out as `createTokenTable` makes it. */
  readonly tableName: string;
  /** Clock in epoch ms, judging expiry. Default `Date.now`. */
  readonly now?: () => number;
  /** Whether `close()` also destroys `client`. Default false: the client is the caller's. */
  readonly destroyClientOnClose?: boolean;
}

/** What `list` returns at most when the caller names no limit: a Scan is paid per item read. */
export const DEFAULT_LIST_LIMIT = 1000;

/**
 * Tries of the bind's put-then-read when the binding vanishes in between
 * (deleted, or expired just then). Each try is one or two round trips.
 */
const MAX_BIND_TRIES = 3;

const STORE_NAME = 'dynamodb';

/** One spelling of every attribute in every expression (several are reserved words). */
const NAMES = {
  '#pk': PARTITION_KEY,
  '#v': FORMAT_VERSION_ATTRIBUTE,
  '#token': TOKEN_ATTRIBUTE,
  '#status': STATUS_ATTRIBUTE,
  '#expiresAt': EXPIRES_AT_ATTRIBUTE,
  '#updatedAt': UPDATED_AT_ATTRIBUTE,
} as const;
type NamePlaceholder = keyof typeof NAMES;

/** The names an expression uses: DynamoDB refuses unused ones. */
function names(...placeholders: NamePlaceholder[]): Record<string, string> {
  return Object.fromEntries(placeholders.map((placeholder) => [placeholder, NAMES[placeholder]]));
}

/** An item of our own version whose binding is over: it may be replaced or pruned. */
const EXPIRED_OWN_ITEM = '#v = :v AND #expiresAt <= :now';
/** No item, or an expired one of our version: anything else is kept and read back. */
const BIND_CONDITION = `attribute_not_exists(#pk) OR (${EXPIRED_OWN_ITEM})`;
/** Only the live binding that still holds the completing token. */
const COMPLETE_CONDITION = '#v = :v AND #token = :token AND #expiresAt > :now';
const COMPLETE_UPDATE = 'SET #status = :status, #updatedAt = :now';
/** Only the expired binding prune decoded: a key re-bound meanwhile (another token, a later expiry) stays. */
const PRUNE_CONDITION = `${EXPIRED_OWN_ITEM} AND #token = :token`;

const VERSION_VALUE = { N: String(ITEM_FORMAT_VERSION) };

/**
 * Token bindings in a DynamoDB table, shared by every host and Lambda
 * instance that uses the table.
 *
 * - `bind` is one conditional PutItem (`attribute_not_exists`, or an expired
 *   item of this format). A losing bind gets the standing item back in the
 *   same round trip (`ReturnValuesOnConditionCheckFailure: ALL_OLD`); where a
 *   server leaves it out, one strongly consistent GetItem follows.
 * - Expiry is judged on `expiresAt` against this store's clock. DynamoDB's
 *   TTL (attribute `ttl`, epoch seconds, an hour after `expiresAt`) only
 *   collects garbage, lazily; `prune` deletes expired items at once.
 * - An item the store cannot read (foreign, damaged, or of a newer format)
 *   throws `TokenStoreError` and is never overwritten or taken for absent.
 * - A failed call to DynamoDB throws `TokenStoreError` with the SDK's error
 *   as `cause`: kind 'misconfigured' when the answer says the table or the
 *   credentials are wrong (no such table, another key schema, access
 *   denied), which no retry mends; 'unavailable' for everything else.
 */
export class DynamoDbTokenStore implements TokenStore {
  readonly name = STORE_NAME;
  private readonly client: DynamoDBClient;
  private readonly tableName: string;
  private readonly now: () => number;
  private readonly destroyClientOnClose: boolean;
  private closed = false;

  constructor(options: DynamoDbTokenStoreOptions) {
    if (typeof options.tableName !== 'string' || options.tableName.length === 0) {
      throw new TypeError('DynamoDbTokenStore needs a tableName');
    }
    this.client = options.client;
    this.tableName = options.tableName;
    this.now = options.now ?? Date.now;
    this.destroyClientOnClose = options.destroyClientOnClose ?? false;
  }

  async bind(record: TokenRecord): Promise<BindResult> {
    const candidate = validateTokenRecord(record, { store: STORE_NAME, action: 'bind' });
    const item = encodeTokenItem(candidate);
    for (let attempt = 1; attempt <= MAX_BIND_TRIES; attempt += 1) {
      const put = await this.writeIf('bind', () =>
        this.client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: item,
            ConditionExpression: BIND_CONDITION,
            ExpressionAttributeNames: names('#pk', '#v', '#expiresAt'),
            ExpressionAttributeValues: { ':v': VERSION_VALUE, ':now': { N: String(this.now()) } },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        ),
      );
      if (put.written) return { record: candidate, created: true };
      const existingItem = put.standingItem ?? (await this.getItem(candidate.bindingKey, 'bind'));
      // Gone between the put and the read (deleted, or just expired): put again.
      if (existingItem === undefined) continue;
      const existing = decodeTokenItem(existingItem, STORE_NAME, 'bind');
      if (!isExpired(existing, this.now())) return { record: existing, created: false };
    }
    throw new TokenStoreError({
      store: STORE_NAME,
      kind: 'conflict',
      action: 'bind',
      message: `token store '${STORE_NAME}' could not bind: the binding changed under every one of ${MAX_BIND_TRIES} tries`,
    });
  }

  async get(bindingKey: string): Promise<TokenRecord | undefined> {
    const item = await this.getItem(bindingKey, 'get');
    if (item === undefined) return undefined;
    const record = decodeTokenItem(item, STORE_NAME, 'get');
    return isExpired(record, this.now()) ? undefined : record;
  }

  async complete(bindingKey: string, token: string, status: Exclude<BindingStatus, 'pending'>): Promise<void> {
    // A failed condition (another token, expired, absent, not ours to rewrite) records nothing.
    await this.writeIf('complete', () =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: keyOf(bindingKey),
          UpdateExpression: COMPLETE_UPDATE,
          ConditionExpression: COMPLETE_CONDITION,
          ExpressionAttributeNames: names('#v', '#token', '#expiresAt', '#status', '#updatedAt'),
          ExpressionAttributeValues: {
            ':v': VERSION_VALUE,
            ':token': { S: token },
            ':now': { N: String(this.now()) },
            ':status': { S: status },
          },
        }),
      ),
    );
  }

  async delete(bindingKey: string): Promise<void> {
    await this.send('delete', () =>
      this.client.send(new DeleteItemCommand({ TableName: this.tableName, Key: keyOf(bindingKey) })),
    );
  }

  /**
   * Live records under a prefix, at most `limit` (default 1000). A Scan:
   * its cost grows with the table, so this is for inspection tools, not for
   * the request path. An unreadable item under the prefix throws.
   */
  async list(options: ListOptions = {}): Promise<TokenRecord[]> {
    const { prefix = '', limit = DEFAULT_LIST_LIMIT } = options;
    if (!Number.isSafeInteger(limit) || limit < 0) {
      throw new RangeError(`list limit must be a non-negative integer, got ${String(limit)}`);
    }
    const found: TokenRecord[] = [];
    const filter: Partial<ScanCommandInput> =
      prefix === ''
        ? {}
        : {
            FilterExpression: 'begins_with(#pk, :prefix)',
            ExpressionAttributeNames: names('#pk'),
            ExpressionAttributeValues: { ':prefix': { S: prefix } },
          };
    await this.scan('list', filter, (items) => {
      const now = this.now();
      for (const item of items) {
        if (found.length >= limit) return false;
        const record = decodeTokenItem(item, STORE_NAME, 'list');
        if (!isExpired(record, now)) found.push(record);
      }
      return found.length < limit;
    });
    return found;
  }

  /**
   * Deletes the items of this format that decode as expired records, each
   * with a DeleteItem conditional on the item still being expired and
   * holding the token read, so a key re-bound meanwhile is kept. An item the
   * store cannot read is kept, whatever its `expiresAt` says: deleting it
   * would let the next bind make a second token for its key; it keeps
   * making `get` and `list` throw until someone looks at it. Scans the
   * whole table; DynamoDB's TTL does the same work lazily and for free.
   */
  async prune(): Promise<number> {
    const expired: Pick<TokenRecord, 'bindingKey' | 'token'>[] = [];
    const now = this.now();
    await this.scan(
      'prune',
      {
        // The filter only picks candidates; each is decoded before it goes.
        FilterExpression: EXPIRED_OWN_ITEM,
        ExpressionAttributeNames: names('#v', '#expiresAt'),
        ExpressionAttributeValues: { ':v': VERSION_VALUE, ':now': { N: String(now) } },
      },
      (items) => {
        for (const item of items) {
          const record = readableRecord(item);
          if (record !== undefined && isExpired(record, now)) expired.push(record);
        }
        return true;
      },
    );
    let pruned = 0;
    for (const { bindingKey, token } of expired) {
      if (await this.deleteIfExpired(bindingKey, token)) pruned += 1;
    }
    return pruned;
  }

  /** Refuses further calls; destroys the client only when told to own it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.destroyClientOnClose) this.client.destroy();
  }

  private async getItem(bindingKey: string, action: string): Promise<TokenItem | undefined> {
    const output = await this.send(action, () =>
      this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: keyOf(bindingKey),
          ConsistentRead: true,
        }),
      ),
    );
    return output.Item;
  }

  /** Deletes the binding if it is still the expired one prune read (same token). */
  private async deleteIfExpired(bindingKey: string, token: string): Promise<boolean> {
    const deletion = await this.writeIf('prune', () =>
      this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: keyOf(bindingKey),
          ConditionExpression: PRUNE_CONDITION,
          ExpressionAttributeNames: names('#v', '#expiresAt', '#token'),
          ExpressionAttributeValues: { ':v': VERSION_VALUE, ':now': { N: String(this.now()) }, ':token': { S: token } },
        }),
      ),
    );
    return deletion.written;
  }

  /** Strongly consistent Scan, page by page, while `onPage` returns true. */
  private async scan(
    action: string,
    input: Partial<ScanCommandInput>,
    onPage: (items: TokenItem[]) => boolean,
  ): Promise<void> {
    let startKey: TokenItem | undefined;
    do {
      const page = await this.send(action, () =>
        this.client.send(
          new ScanCommand({ ...input, TableName: this.tableName, ConsistentRead: true, ExclusiveStartKey: startKey }),
        ),
      );
      if (!onPage(page.Items ?? [])) return;
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
  }

  /**
   * One conditional write. A failed condition is an answer, not a failure:
   * it comes back with the standing item when the server sent it.
   */
  private async writeIf(action: string, write: () => Promise<unknown>): Promise<ConditionalWrite> {
    try {
      await this.send(action, write);
      return { written: true };
    } catch (error) {
      if (error instanceof ConditionNotMet) return { written: false, standingItem: error.item };
      throw error;
    }
  }

  /**
   * One SDK call: a failed condition comes back as `ConditionNotMet`, any
   * other failure as `TokenStoreError` (see `storeCallError`).
   */
  private async send<T>(action: string, call: () => Promise<T>): Promise<T> {
    if (this.closed) {
      throw new TokenStoreError({
        store: STORE_NAME,
        kind: 'unavailable',
        action,
        message: `token store '${STORE_NAME}' is closed`,
      });
    }
    try {
      return await call();
    } catch (error) {
      const failure = conditionalCheckFailure(error);
      if (failure !== undefined) throw new ConditionNotMet(failure.item);
      throw storeCallError(STORE_NAME, action, this.tableName, error);
    }
  }
}

type ConditionalWrite = { written: true } | { written: false; standingItem: TokenItem | undefined };

/** The record in an item, or undefined when the item cannot be read (prune keeps such items). */
function readableRecord(item: TokenItem): TokenRecord | undefined {
  try {
    return decodeTokenItem(item, STORE_NAME, 'prune');
  } catch (error) {
    if (error instanceof TokenStoreError) return undefined;
    throw error;
  }
}

function keyOf(bindingKey: string): TokenItem {
  return { [PARTITION_KEY]: { S: bindingKey } };
}

/** A conditional write's condition was false. Never leaves this file. */
class ConditionNotMet extends Error {
  constructor(readonly item: TokenItem | undefined) {
    super('condition not met');
  }
}
