import { randomBytes, randomUUID } from 'node:crypto';
import { EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { idempotencyPlugin, withIdempotencyKey, type RetrysafeEvent } from '@retrysafe/aws';
import fc from 'fast-check';
import { startFakeAws, type FakeAwsServer } from '@retrysafe/fake-aws';
import { DynamoDbTokenStore } from '../src/index.js';
import {
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  localDynamoDbClient,
  startDynamoDbLocal,
  type LocalDynamoDb,
} from '../src/testing/index.js';
import { describeWithDynamoDbLocal } from './support/dynamodb-local-guard.js';
import {
  CRASH_POINTS,
  KEYED_RUN_INSTANCES_CHILD,
  RUN_INSTANCES_INPUT,
  type CrashPoint,
  type KeyedRunInstancesConfig,
} from './support/run-instances-child.js';
import { createTableOn, SERVER_START_TIMEOUT_MS } from './support/store-fixture.js';
import { crashOnce, WarmChildPool, type CrashOutcome } from './support/warm-child-pool.js';

// Issue 5, guarantee 1, for the DynamoDB store on DynamoDB Local: processes
// doing a keyed RunInstances are SIGKILLed at every point of the call (and at
// random moments); a new process with the same key then finishes the job.
// The binding must survive every crash: one token per key, one instance.

/** Crash after crash on one key before it is finished. */
const KILLS_PER_KEY = 4;
/** The issue asks for at least 200 kills per durable store in CI; fewer locally unless asked (RETRYSAFE_CRASH_KILLS). */
const KILLS = Number(process.env.RETRYSAFE_CRASH_KILLS ?? (process.env.CI === 'true' ? 200 : 60));
const KEYS = Math.ceil(KILLS / KILLS_PER_KEY);
/** Keys worked on at once, and children kept loaded ahead of them. */
const KEY_WORKERS = 4;
const WARM_CHILDREN = 4;
/** A random kill lands within this long after 'go': before, during or after the call (a warm child's call takes tens of ms). */
const RANDOM_KILL_WINDOW_MS = 150;
/** fake-aws holds each RunInstances this long, so an in-flight kill is really in flight. */
const RUN_INSTANCES_LATENCY_MS = 30;
const CHILD_TIMEOUT_MS = 60_000;
const CRASH_TEST_TIMEOUT_MS = 600_000;
const SEED = Number(process.env.RETRYSAFE_CRASH_SEED ?? Date.now() % 2 ** 31);

type CrashKind = CrashPoint | 'random';
const CRASH_KINDS: readonly CrashKind[] = [...CRASH_POINTS, 'random'];

/** Every kind the same number of times (give or take one), in an order the seed fixes. */
function crashPlan(count: number): CrashKind[] {
  const kinds = Array.from({ length: count }, (_, index) => CRASH_KINDS[index % CRASH_KINDS.length] as CrashKind);
  const [order] = fc.sample(fc.shuffledSubarray(kinds, { minLength: count, maxLength: count }), { seed: SEED, numRuns: 1 });
  return order as CrashKind[];
}

/** When each 'random' kill lands after 'go', ms, in an order the seed fixes. */
function randomKillDelays(count: number): number[] {
  return fc.sample(fc.integer({ min: 0, max: RANDOM_KILL_WINDOW_MS }), { seed: SEED, numRuns: count });
}

interface KeyRun {
  readonly key: string;
  readonly crashes: readonly (CrashOutcome & { readonly kind: CrashKind })[];
  readonly token: string | undefined;
  readonly events: readonly RetrysafeEvent[];
}

describeWithDynamoDbLocal('crash test: DynamoDB store on DynamoDB Local', () => {
  let server: LocalDynamoDb | undefined;
  let fakeAws: FakeAwsServer | undefined;
  let pool: WarmChildPool | undefined;
  let tableName = '';
  const secret = randomBytes(32).toString('hex');

  beforeAll(async () => {
    server = await startDynamoDbLocal();
    tableName = await createTableOn(server);
    fakeAws = await startFakeAws();
    fakeAws.setFaults({ rates: { latency: 1 }, latencyMs: RUN_INSTANCES_LATENCY_MS, operations: ['RunInstances'] });
  }, SERVER_START_TIMEOUT_MS);

  afterAll(async () => {
    await pool?.close();
    await fakeAws?.close();
    await server?.stop();
  });

  /** The same keyed call in this process: new to every child, sharing nothing with them but the table. */
  async function resume(key: string): Promise<{ token: string | undefined; events: RetrysafeEvent[] }> {
    const events: RetrysafeEvent[] = [];
    const store = new DynamoDbTokenStore({
      client: localDynamoDbClient(server as LocalDynamoDb),
      tableName,
      destroyClientOnClose: true,
    });
    const ec2 = new EC2Client({ endpoint: (fakeAws as FakeAwsServer).endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    ec2.middlewareStack.use(idempotencyPlugin({ store, secret, onEvent: (event) => events.push(event) }));
    try {
      const output = await ec2.send(withIdempotencyKey(new RunInstancesCommand(RUN_INSTANCES_INPUT), key));
      return { token: output.Instances?.[0]?.ClientToken, events };
    } finally {
      ec2.destroy();
      await store.close();
    }
  }

  it(
    `${KEYS * KILLS_PER_KEY} SIGKILLs at every point of a keyed RunInstances: each key ends with one token and one instance`,
    async () => {
      const started = Date.now();
      const plan = crashPlan(KEYS * KILLS_PER_KEY);
      const delays = randomKillDelays(KEYS * KILLS_PER_KEY);
      const config: KeyedRunInstancesConfig = {
        dynamoDbEndpoint: (server as LocalDynamoDb).endpoint,
        tableName,
        awsEndpoint: (fakeAws as FakeAwsServer).endpoint,
        secret,
        input: RUN_INSTANCES_INPUT,
      };
      pool = new WarmChildPool(KEYED_RUN_INSTANCES_CHILD, [JSON.stringify(config)], WARM_CHILDREN);

      const runs: KeyRun[] = [];
      let nextKey = 0;
      const worker = async (): Promise<void> => {
        while (nextKey < KEYS) {
          const keyIndex = nextKey;
          nextKey += 1;
          const key = `order-${randomUUID()}`;
          const crashes: KeyRun['crashes'][number][] = [];
          for (let kill = 0; kill < KILLS_PER_KEY; kill += 1) {
            const index = keyIndex * KILLS_PER_KEY + kill;
            const kind = plan[index] as CrashKind;
            const crash = kind === 'random' ? { killAfterMs: delays[index] as number } : { killAt: kind };
            crashes.push({ kind, ...(await crashOnce(pool as WarmChildPool, key, crash, CHILD_TIMEOUT_MS)) });
          }
          runs.push({ key, crashes, ...(await resume(key)) });
        }
      };
      await Promise.all(Array.from({ length: KEY_WORKERS }, worker));
      await pool.close();

      const allCrashes = runs.flatMap((run) => run.crashes);
      const summary = Object.fromEntries(CRASH_KINDS.map((kind) => [kind, allCrashes.filter((c) => c.kind === kind).length]));
      process.stdout.write(
        `crash test (seed ${SEED}): ${allCrashes.length} SIGKILLs ${JSON.stringify(summary)} in ${Date.now() - started} ms\n`,
      );

      // Every child died by SIGKILL, without an error, at the point it was given.
      expect(allCrashes).toHaveLength(KEYS * KILLS_PER_KEY);
      for (const crash of allCrashes) {
        expect({ signal: crash.signal, error: crash.error }).toEqual({ signal: 'SIGKILL', error: undefined });
        if (crash.kind !== 'random') expect(crash.stages.at(-1)).toBe(crash.kind);
      }

      const instances = (fakeAws as FakeAwsServer).resources('ec2');
      for (const run of runs) {
        // The new process finished the job with the key's one token.
        expect(run.token).toBeDefined();
        for (const crash of run.crashes) {
          if (crash.boundToken !== undefined) expect(crash.boundToken).toBe(run.token);
          if (crash.result !== undefined) expect(crash.result.token).toBe(run.token);
        }
        // A binding written before a crash outlived it: the new process read it from the store.
        if (run.crashes.some((crash) => crash.stages.includes('after-bind'))) {
          expect(run.events.filter((event) => event.type === 'token-issued')).toEqual([]);
          expect(run.events).toContainEqual(expect.objectContaining({ type: 'token-reused', source: 'store' }));
        }
        expect(instances.filter((instance) => instance.clientToken === run.token)).toHaveLength(1);
      }
      // Nothing else was launched: one instance per key.
      expect(instances).toHaveLength(KEYS);
    },
    CRASH_TEST_TIMEOUT_MS,
  );
});
