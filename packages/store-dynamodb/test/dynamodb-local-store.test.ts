import { describeTokenStoreContract } from '@retrysafe/core/testing';
import { describeWithDynamoDbLocal } from './support/dynamodb-local-guard.js';
import { describeDynamoDbStoreBehaviour } from './support/store-behaviour.js';
import { putRawItem, unreadableItem } from './support/raw-items.js';
import { useStoreFixture } from './support/store-fixture.js';

// Amazon's DynamoDB Local in a JVM: returns the standing item with a failed
// condition, so a losing bind is one request.
describeWithDynamoDbLocal('DynamoDB Local', () => {
  const fixture = useStoreFixture('dynamodb-local');

  describeTokenStoreContract('dynamodb on DynamoDB Local', {
    create: async () => fixture.newStore(),
    writeUnreadable: (_store, bindingKey, expiresAt) =>
      putRawItem(fixture.admin, fixture.tableName, unreadableItem(bindingKey, expiresAt)),
  });

  describeDynamoDbStoreBehaviour(fixture, {
    losingBindRequests: { PutItem: 1 },
    timeToLive: 'enabled',
  });
});
