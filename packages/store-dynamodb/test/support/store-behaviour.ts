import { CreateTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import type { TokenRecord } from '@retrysafe/core';
import { randomBindingKey, sampleTokenRecord } from '@retrysafe/core/testing';
import fc from 'fast-check';
import { createTokenTable, DynamoDbTokenStore, TTL_GRACE_SECONDS } from '../../src/index.js';
import { countRequests, randomTableName } from '../../src/testing/index.js';
import { expectStoreError } from './expect-store-error.js';
import { getRawItem, putRawItem, type RawItem } from './raw-items.js';
import type { StoreFixture } from './store-fixture.js';

export interface BehaviourExpectations {
  /** Requests a losing bind makes: 1 where the server returns the item with the failed condition. */
  readonly losingBindRequests: Readonly<Record<string, number>>;
  readonly timeToLive: 'enabled' | 'unsupported';
}

const MINUTE_MS = 60_000;
const SKEW_MS = 5 * MINUTE_MS;
const HOUR_MS = 60 * MINUTE_MS;
const EXPIRY_PROPERTY_RUNS = 40;

/** A valid version-1 item for `record`, attribute by attribute, as the README lays it out. */
function documentedItem(record: TokenRecord): RawItem {
  return {
    pk: { S: record.bindingKey },
    v: { N: '1' },
    token: { S: record.token },
    fingerprint: { S: record.fingerprint },
    memberDigests: { M: Object.fromEntries(Object.entries(record.memberDigests).map(([k, d]) => [k, { S: d }])) },
    status: { S: record.status },
    createdAt: { N: String(record.createdAt) },
    expiresAt: { N: String(record.expiresAt) },
    updatedAt: { N: String(record.updatedAt) },
    ttl: { N: String(Math.floor(record.expiresAt / 1000) + 1 + TTL_GRACE_SECONDS) },
  };
}

/**
 * Store behaviour beyond the shared contract, against one real server:
 * layout and round trips, bad data, clock skew, expiry, table creation.
 */
export function describeDynamoDbStoreBehaviour(fixture: StoreFixture, expected: BehaviourExpectations): void {
  const withStore = async <T>(body: (store: DynamoDbTokenStore) => Promise<T>, now?: () => number): Promise<T> => {
    const store = fixture.newStore({ now });
    try {
      return await body(store);
    } finally {
      await store.close();
    }
  };

  describe(`DynamoDbTokenStore on ${fixture.kind}: layout and round trips`, () => {
    it('keeps one typed item per binding, laid out as the README documents', async () => {
      await withStore(async (store) => {
        const record = sampleTokenRecord();
        await store.bind(record);
        expect(await getRawItem(fixture.admin, fixture.tableName, record.bindingKey)).toEqual(documentedItem(record));
      });
    });

    it('a winning bind is one PutItem; a losing one returns the standing binding in the expected requests', async () => {
      const client = fixture.newClient();
      const counter = countRequests(client);
      const store = fixture.newStore({ client });
      const first = sampleTokenRecord();
      expect(await store.bind(first)).toEqual({ record: first, created: true });
      expect(counter.byOperation).toEqual({ PutItem: 1 });

      counter.reset();
      const second = sampleTokenRecord({ bindingKey: first.bindingKey });
      expect(await store.bind(second)).toEqual({ record: first, created: false });
      expect(counter.byOperation).toEqual(expected.losingBindRequests);
      await store.close();
    });

    it('complete is one UpdateItem and get one GetItem: a keyed operation costs one write to bind, one to finish', async () => {
      const client = fixture.newClient();
      const counter = countRequests(client);
      const store = fixture.newStore({ client });
      const record = sampleTokenRecord();
      await store.bind(record);
      await store.complete(record.bindingKey, record.token, 'succeeded');
      expect(counter.byOperation).toEqual({ PutItem: 1, UpdateItem: 1 });
      counter.reset();
      expect((await store.get(record.bindingKey))?.status).toBe('succeeded');
      expect(counter.byOperation).toEqual({ GetItem: 1 });
      await store.close();
    });

    it('a missing table is misconfigured, not an outage: not retryable, the message says how to create it, and creating it mends the same store', async () => {
      const tableName = randomTableName('missing');
      const store = new DynamoDbTokenStore({ client: fixture.newClient(), tableName, destroyClientOnClose: true });
      const record = sampleTokenRecord();
      for (const call of [() => store.bind(record), () => store.get(record.bindingKey), () => store.list(), () => store.prune()]) {
        const error = await expectStoreError(call(), 'misconfigured');
        expect(error.retryable).toBe(false);
        expect(error.message).toContain('createTokenTable');
        expect(error.message).toContain(tableName);
        expect(error.cause).toMatchObject({ name: 'ResourceNotFoundException' });
      }
      await createTokenTable({ client: fixture.admin, tableName });
      expect((await store.bind(record)).created).toBe(true);
      await store.close();
    });

    it('a table keyed otherwise (pk a number, or another attribute) is misconfigured on every keyed call', async () => {
      const layouts = [
        { name: 'pk', type: 'N' as const },
        { name: 'id', type: 'S' as const },
      ];
      for (const layout of layouts) {
        const tableName = randomTableName();
        await fixture.admin.send(
          new CreateTableCommand({
            TableName: tableName,
            BillingMode: 'PAY_PER_REQUEST',
            AttributeDefinitions: [{ AttributeName: layout.name, AttributeType: layout.type }],
            KeySchema: [{ AttributeName: layout.name, KeyType: 'HASH' }],
          }),
        );
        const store = new DynamoDbTokenStore({ client: fixture.newClient(), tableName, destroyClientOnClose: true });
        const record = sampleTokenRecord();
        const keyedCalls = [
          () => store.bind(record),
          () => store.get(record.bindingKey),
          () => store.complete(record.bindingKey, record.token, 'succeeded'),
          () => store.delete(record.bindingKey),
        ];
        for (const call of keyedCalls) {
          const error = await expectStoreError(call(), 'misconfigured');
          expect(error.retryable).toBe(false);
          expect(error.cause).toMatchObject({ name: 'ValidationException' });
        }
        await store.close();
      }
    });

    it('a closed store refuses work; it destroys the client only when told to', async () => {
      const client = fixture.newClient();
      const store = new DynamoDbTokenStore({ client, tableName: fixture.tableName });
      await store.close();
      await expectStoreError(store.bind(sampleTokenRecord()), 'unavailable');
      // The caller's client still works: the store did not destroy it.
      const record = sampleTokenRecord();
      const other = new DynamoDbTokenStore({ client, tableName: fixture.tableName, destroyClientOnClose: true });
      expect((await other.bind(record)).created).toBe(true);
      await other.close();
    });

    it('list refuses a limit that is not a non-negative integer, and honours limit 0', async () => {
      await withStore(async (store) => {
        await expect(store.list({ limit: -1 })).rejects.toThrow(RangeError);
        await expect(store.list({ limit: 1.5 })).rejects.toThrow(RangeError);
        expect(await store.list({ limit: 0 })).toEqual([]);
      });
    });
  });

  describe(`DynamoDbTokenStore on ${fixture.kind}: bad data is an error, never an absent binding`, () => {
    const validItem = (bindingKey: string): RawItem => documentedItem(sampleTokenRecord({ bindingKey }));
    const damaged: [string, (item: RawItem) => RawItem][] = [
      ['a foreign item', (item) => ({ pk: item.pk as RawItem[string], payload: { S: 'secret-value' } })],
      ['expiresAt stored as a string', (item) => ({ ...item, expiresAt: { S: String(item.expiresAt?.N) } })],
      ['no token', ({ token: _token, ...rest }) => rest],
      ['memberDigests stored as a string', (item) => ({ ...item, memberDigests: { S: 'secret-value' } })],
      ['a member digest that is not hex', (item) => ({ ...item, memberDigests: { M: { UserData: { S: 'secret-value' } } } })],
      ['an unknown attribute', (item) => ({ ...item, extra: { S: 'secret-value' } })],
      ['format version 0', (item) => ({ ...item, v: { N: '0' } })],
      ['the format version as a string', (item) => ({ ...item, v: { S: '1' } })],
      ['a status outside the three', (item) => ({ ...item, status: { S: 'secret-value' } })],
    ];

    it.each(damaged)('%s: get, bind and list throw corrupt-record, naming no value; bind leaves the item', async (_label, damage) => {
      const prefix = randomBindingKey().slice(0, 16);
      const bindingKey = randomBindingKey(prefix);
      const item = damage(validItem(bindingKey));
      await putRawItem(fixture.admin, fixture.tableName, item);
      await withStore(async (store) => {
        const errors = [
          await expectStoreError(store.get(bindingKey), 'corrupt-record'),
          await expectStoreError(store.bind(sampleTokenRecord({ bindingKey })), 'corrupt-record'),
          await expectStoreError(store.list({ prefix }), 'corrupt-record'),
        ];
        for (const error of errors) expect(error.message).not.toContain('secret-value');
      });
      expect(await getRawItem(fixture.admin, fixture.tableName, bindingKey)).toEqual(item);
    });

    it('complete never writes to a foreign item', async () => {
      const bindingKey = randomBindingKey();
      const item: RawItem = { pk: { S: bindingKey }, token: { S: 'a-token' }, payload: { S: 'secret-value' } };
      await putRawItem(fixture.admin, fixture.tableName, item);
      await withStore((store) => store.complete(bindingKey, 'a-token', 'succeeded'));
      expect(await getRawItem(fixture.admin, fixture.tableName, bindingKey)).toEqual(item);
    });

    it.each([
      ['live', HOUR_MS],
      ['long expired', -HOUR_MS],
    ])('a %s item of format version 2 is unsupported-version for every call, and never rewritten', async (_label, expiresIn) => {
      const prefix = randomBindingKey().slice(0, 16);
      const bindingKey = randomBindingKey(prefix);
      const item: RawItem = {
        ...validItem(bindingKey),
        v: { N: '2' },
        expiresAt: { N: String(Date.now() + expiresIn) },
        futureField: { M: { anything: { BOOL: true } } },
      };
      await putRawItem(fixture.admin, fixture.tableName, item);
      await withStore(async (store) => {
        await expectStoreError(store.get(bindingKey), 'unsupported-version');
        const error = await expectStoreError(store.bind(sampleTokenRecord({ bindingKey })), 'unsupported-version');
        expect(error.message).toContain('Upgrade retrysafe');
        await expectStoreError(store.list({ prefix }), 'unsupported-version');
        await store.complete(bindingKey, String(item.token?.S), 'failed');
        await store.prune();
      });
      expect(await getRawItem(fixture.admin, fixture.tableName, bindingKey)).toEqual(item);
    });
  });

  describe(`DynamoDbTokenStore on ${fixture.kind}: clock skew of ${SKEW_MS / MINUTE_MS} minutes`, () => {
    const fast = (): number => Date.now() + SKEW_MS;
    const slow = (): number => Date.now() - SKEW_MS;

    it('a binding made by a host ahead is live to a host behind: one token, not two', async () => {
      const record = sampleTokenRecord({ now: fast() });
      await withStore(async (ahead) => expect((await ahead.bind(record)).created).toBe(true), fast);
      await withStore(async (behind) => {
        expect(await behind.get(record.bindingKey)).toEqual(record);
        const result = await behind.bind(sampleTokenRecord({ bindingKey: record.bindingKey, now: slow() }));
        expect(result).toEqual({ record, created: false });
      }, slow);
    });

    it('a host ahead ends a binding early; every host then sees its one new binding, and the old token completes nothing', async () => {
      // Lives 4 minutes by the true clock: already over for a host 5 minutes ahead.
      const old = sampleTokenRecord({ ttlMs: 4 * MINUTE_MS });
      await withStore(async (store) => expect((await store.bind(old)).created).toBe(true));

      const replacement = sampleTokenRecord({ bindingKey: old.bindingKey, now: fast() });
      await withStore(async (ahead) => {
        expect(await ahead.get(old.bindingKey)).toBeUndefined();
        expect(await ahead.bind(replacement)).toEqual({ record: replacement, created: true });
      }, fast);

      for (const clock of [Date.now, slow]) {
        await withStore(async (other) => {
          expect(await other.get(old.bindingKey)).toEqual(replacement);
          await other.complete(old.bindingKey, old.token, 'succeeded');
          expect(await other.bind(sampleTokenRecord({ bindingKey: old.bindingKey }))).toEqual({ record: replacement, created: false });
        }, clock);
      }
    });

    it('a host behind keeps a binding up to 5 minutes longer, until a host with a truer clock replaces it', async () => {
      // Expired a minute ago by the true clock, still live for a host 5 minutes behind.
      const old = sampleTokenRecord({ now: Date.now() - 6 * MINUTE_MS, ttlMs: 5 * MINUTE_MS });
      await withStore(async (behind) => {
        expect((await behind.bind(old)).created).toBe(true);
        expect(await behind.get(old.bindingKey)).toEqual(old);
      }, slow);

      const replacement = sampleTokenRecord({ bindingKey: old.bindingKey });
      await withStore(async (store) => expect(await store.bind(replacement)).toEqual({ record: replacement, created: true }));
      await withStore(async (behind) => expect(await behind.get(old.bindingKey)).toEqual(replacement), slow);
    });
  });

  describe(`DynamoDbTokenStore on ${fixture.kind}: expiry`, () => {
    it('an expired binding never comes back to a bind with other parameters (no mismatch from expiry)', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: HOUR_MS }),
          fc.double({ min: 0, max: 2, noNaN: true }),
          async (ttlMs, elapsedTtls) => {
            const start = Date.now() - 2 * HOUR_MS;
            const elapsed = Math.floor(ttlMs * elapsedTtls);
            let clock = start;
            await withStore(async (store) => {
              const first = sampleTokenRecord({ ttlMs, now: start });
              await store.bind(first);
              clock = start + elapsed;
              const second = sampleTokenRecord({ bindingKey: first.bindingKey, now: clock });
              expect(second.fingerprint).not.toBe(first.fingerprint);
              const result = await store.bind(second);
              const expired = elapsed >= ttlMs;
              expect(result).toEqual(expired ? { record: second, created: true } : { record: first, created: false });
              expect(await store.get(first.bindingKey)).toEqual(expired ? second : first);
            }, () => clock);
          },
        ),
        { numRuns: EXPIRY_PROPERTY_RUNS },
      );
    });

    it('the boundary: live one millisecond before expiresAt, gone at it', async () => {
      let clock = Date.now();
      await withStore(async (store) => {
        const record = sampleTokenRecord({ now: clock, ttlMs: MINUTE_MS });
        await store.bind(record);
        clock = record.expiresAt - 1;
        expect(await store.get(record.bindingKey)).toEqual(record);
        expect((await store.bind(sampleTokenRecord({ bindingKey: record.bindingKey, now: clock }))).created).toBe(false);
        clock = record.expiresAt;
        expect(await store.get(record.bindingKey)).toBeUndefined();
        await store.complete(record.bindingKey, record.token, 'succeeded');
        expect((await getRawItem(fixture.admin, fixture.tableName, record.bindingKey))?.status).toEqual({ S: 'pending' });
        expect((await store.bind(sampleTokenRecord({ bindingKey: record.bindingKey, now: clock }))).created).toBe(true);
      }, () => clock);
    });
  });

  describe(`createTokenTable on ${fixture.kind}`, () => {
    it(`made the table with TTL ${expected.timeToLive}, and a second call keeps it`, async () => {
      expect(fixture.table).toEqual({ tableName: fixture.tableName, created: true, timeToLive: expected.timeToLive });
      const again = await createTokenTable({ client: fixture.admin, tableName: fixture.tableName });
      expect(again).toEqual({ tableName: fixture.tableName, created: false, timeToLive: expected.timeToLive });
      if (expected.timeToLive === 'enabled') {
        const ttl = await fixture.admin.send(new DescribeTimeToLiveCommand({ TableName: fixture.tableName }));
        expect(ttl.TimeToLiveDescription).toMatchObject({ TimeToLiveStatus: 'ENABLED', AttributeName: 'ttl' });
      }
    });

    it('provisioned billing needs capacity, and gets a working table with it', async () => {
      const tableName = randomTableName();
      await expect(createTokenTable({ client: fixture.admin, tableName, billingMode: 'PROVISIONED' })).rejects.toThrow(TypeError);
      const result = await createTokenTable({
        client: fixture.admin,
        tableName,
        billingMode: 'PROVISIONED',
        provisionedCapacity: { readCapacityUnits: 1, writeCapacityUnits: 1 },
      });
      expect(result.created).toBe(true);
      const store = new DynamoDbTokenStore({ client: fixture.newClient(), tableName, destroyClientOnClose: true });
      expect((await store.bind(sampleTokenRecord())).created).toBe(true);
      await store.close();
    });

    it('a table of that name with another key is a conflict, not a token table', async () => {
      const tableName = randomTableName();
      await fixture.admin.send(
        new CreateTableCommand({
          TableName: tableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
        }),
      );
      await expectStoreError(createTokenTable({ client: fixture.admin, tableName }), 'conflict');
    });
  });
}
