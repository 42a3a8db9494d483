import { DeleteItemCommand } from '@aws-sdk/client-dynamodb';
import { TokenStoreError } from '@retrysafe/core';
import { describeTokenStoreContract, sampleTokenRecord } from '@retrysafe/core/testing';
import { DynamoDbTokenStore } from '../src/index.js';
import { countRequests } from '../src/testing/index.js';
import { describeDynamoDbStoreBehaviour } from './support/store-behaviour.js';
import { putRawItem, unreadableItem } from './support/raw-items.js';
import { useStoreFixture } from './support/store-fixture.js';

// dynalite: in process and fast. It ignores ReturnValuesOnConditionCheckFailure,
// so a losing bind takes the fallback read.
const fixture = useStoreFixture('dynalite');

describeTokenStoreContract('dynamodb on dynalite', {
  create: async () => fixture.newStore(),
  writeUnreadable: (_store, bindingKey, expiresAt) =>
    putRawItem(fixture.admin, fixture.tableName, unreadableItem(bindingKey, expiresAt)),
});

describeDynamoDbStoreBehaviour(fixture, {
  losingBindRequests: { PutItem: 1, GetItem: 1 },
  timeToLive: 'unsupported',
});

describe('DynamoDbTokenStore on dynalite: a binding that vanishes between the failed put and the read', () => {
  /**
   * Runs `between` on the server after each failed PutItem of `client`,
   * before the store sees the failure: a real interleaving, not a stub.
   * The initialize step wraps the whole send, deserializing included.
   */
  function afterFailedPut(client: ReturnType<typeof fixture.newClient>, between: () => Promise<void>): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        try {
          return await next(args);
        } catch (error) {
          if (context.commandName === 'PutItemCommand') await between();
          throw error;
        }
      },
      { step: 'initialize', name: 'testBetweenPutAndRead' },
    );
  }

  it('is put again, so the bind creates it', async () => {
    const standing = sampleTokenRecord();
    await fixture.adminStore().bind(standing);
    const client = fixture.newClient();
    const counter = countRequests(client);
    afterFailedPut(client, async () => {
      await fixture.admin.send(new DeleteItemCommand({ TableName: fixture.tableName, Key: { pk: { S: standing.bindingKey } } }));
    });
    const store = new DynamoDbTokenStore({ client, tableName: fixture.tableName, destroyClientOnClose: true });
    const candidate = sampleTokenRecord({ bindingKey: standing.bindingKey });
    expect(await store.bind(candidate)).toEqual({ record: candidate, created: true });
    expect(counter.byOperation).toEqual({ PutItem: 2, GetItem: 1 });
    await store.close();
  });

  it('gives up with a conflict after a bounded number of tries when it vanishes every time', async () => {
    const bindingKey = sampleTokenRecord().bindingKey;
    const client = fixture.newClient();
    const counter = countRequests(client);
    // Before every put a binding stands; after every failed put it is gone.
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'PutItemCommand') {
          await fixture.adminStore().bind(sampleTokenRecord({ bindingKey }));
        }
        return next(args);
      },
      { step: 'initialize', name: 'testBindBeforePut' },
    );
    afterFailedPut(client, async () => {
      await fixture.admin.send(new DeleteItemCommand({ TableName: fixture.tableName, Key: { pk: { S: bindingKey } } }));
    });
    const store = new DynamoDbTokenStore({ client, tableName: fixture.tableName, destroyClientOnClose: true });
    const error = await store.bind(sampleTokenRecord({ bindingKey })).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(TokenStoreError);
    expect((error as TokenStoreError).kind).toBe('conflict');
    expect(counter.byOperation).toEqual({ PutItem: 3, GetItem: 3 });
    await store.close();
  });
});
