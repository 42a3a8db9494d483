import { randomBytes, randomUUID } from 'node:crypto';
import { expectOneWinner, randomBindingKey, raceProcesses, type BindRaceResult } from '@retrysafe/core/testing';
import { startFakeAws, type FakeAwsServer } from '@retrysafe/fake-aws';
import { DynamoDbTokenStore } from '../src/index.js';
import {
  localDynamoDbClient,
  startLocalDynamoDb,
  type LocalDynamoDb,
  type LocalDynamoDbKind,
} from '../src/testing/index.js';
import { describeWithDynamoDbLocal } from './support/dynamodb-local-guard.js';
import {
  BIND_RACE_CHILD,
  CHILD_ENV,
  KEYED_RUN_INSTANCES_CHILD,
  RUN_INSTANCES_INPUT,
  type KeyedRunInstancesConfig,
  type KeyedRunInstancesResult,
} from './support/run-instances-child.js';
import { createTableOn, SERVER_START_TIMEOUT_MS } from './support/store-fixture.js';

const RACE_PROCESSES = 16;
/** Sixteen Node processes loading the EC2 client on two shared cores. */
const RACE_TIMEOUT_MS = 120_000;

function describeRaces(kind: LocalDynamoDbKind): void {
  describe(`${RACE_PROCESSES} processes on one key, DynamoDB store on ${kind}`, () => {
    let server: LocalDynamoDb | undefined;
    let fakeAws: FakeAwsServer | undefined;
    let tableName = '';

    beforeAll(async () => {
      server = await startLocalDynamoDb(kind);
      tableName = await createTableOn(server);
      fakeAws = await startFakeAws();
    }, SERVER_START_TIMEOUT_MS);

    afterAll(async () => {
      await fakeAws?.close();
      await server?.stop();
    });

    it(
      'binding at once: one process creates the binding, every one gets its token',
      async () => {
        const bindingKey = randomBindingKey();
        const results = await raceProcesses<BindRaceResult>({
          script: BIND_RACE_CHILD,
          args: [(server as LocalDynamoDb).endpoint, tableName, bindingKey],
          processes: RACE_PROCESSES,
          env: CHILD_ENV,
          timeoutMs: RACE_TIMEOUT_MS,
        });
        const token = expectOneWinner(results, RACE_PROCESSES);
        const store = new DynamoDbTokenStore({ client: localDynamoDbClient(server as LocalDynamoDb), tableName, destroyClientOnClose: true });
        expect((await store.get(bindingKey))?.token).toBe(token);
        await store.close();
      },
      RACE_TIMEOUT_MS,
    );

    it(
      'a keyed RunInstances through the plugin at once: one token issued, one instance',
      async () => {
        const config: KeyedRunInstancesConfig = {
          dynamoDbEndpoint: (server as LocalDynamoDb).endpoint,
          tableName,
          awsEndpoint: (fakeAws as FakeAwsServer).endpoint,
          secret: randomBytes(32).toString('hex'),
          input: RUN_INSTANCES_INPUT,
          key: `order-${randomUUID()}`,
        };
        const results = await raceProcesses<KeyedRunInstancesResult>({
          script: KEYED_RUN_INSTANCES_CHILD,
          args: [JSON.stringify(config)],
          processes: RACE_PROCESSES,
          env: CHILD_ENV,
          timeoutMs: RACE_TIMEOUT_MS,
        });

        const tokens = new Set(results.map((result) => result.token));
        expect(tokens.size).toBe(1);
        expect(new Set(results.map((result) => result.instanceId)).size).toBe(1);
        const issued = results.filter((result) => result.events.some((event) => event.type === 'token-issued'));
        const reused = results.filter((result) =>
          result.events.some((event) => event.type === 'token-reused' && event.source === 'store'),
        );
        expect(issued).toHaveLength(1);
        expect(reused).toHaveLength(RACE_PROCESSES - 1);

        const instances = (fakeAws as FakeAwsServer).resources('ec2');
        expect(instances).toHaveLength(1);
        expect(instances[0]?.clientToken).toBe([...tokens][0]);
      },
      RACE_TIMEOUT_MS,
    );
  });
}

describeRaces('dynalite');
describeWithDynamoDbLocal('DynamoDB Local', () => describeRaces('dynamodb-local'));
