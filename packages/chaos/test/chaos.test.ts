import { FAULT_KINDS, SERVICE_NAMES, startFakeAws, type FakeAwsServer } from '@retrysafe/fake-aws';
import { runChaosWorkload, type ChaosMode, type ChaosRunResult } from '@retrysafe/chaos';

// The exactly-once proof (issue 4): 1,000 logical operations per service
// through a storm where 40% of requests fail in every way fake-aws knows,
// sent by callers that resend on failure as applications do today. The
// server's own records decide how many resources each intent produced.

const OPERATIONS = 1_000;
const FAULT_RATE = 0.4;
const SEED = 20_261_122;
const CONCURRENCY = 32;
const CALLER_MISTAKE_EVERY = 50;
/** The observed fault share may stray this far from the configured rate (it is a random draw per request). */
const FAULT_SHARE_TOLERANCE = 0.05;
/** Three workloads of 3,000 logical operations each; generous, the run takes a fraction of it. */
const RUN_TIMEOUT_MS = 180_000;

let server: FakeAwsServer;

beforeAll(async () => {
  server = await startFakeAws({ seed: SEED });
});

afterAll(async () => {
  await server?.close();
});

function run(mode: ChaosMode): Promise<ChaosRunResult> {
  return runChaosWorkload({
    mode,
    server,
    operations: OPERATIONS,
    faultRate: FAULT_RATE,
    concurrency: CONCURRENCY,
    callerMistakeEvery: CALLER_MISTAKE_EVERY,
  });
}

/** The storm really happened: about 40% of the requests faulted, every kind among them. */
function expectStorm(result: ChaosRunResult): void {
  const faulted = Object.values(result.faultsInjected).reduce((a, b) => a + b, 0);
  const share = faulted / result.total.httpAttempts;
  expect(share).toBeGreaterThan(FAULT_RATE - FAULT_SHARE_TOLERANCE);
  expect(share).toBeLessThan(FAULT_RATE + FAULT_SHARE_TOLERANCE);
  for (const kind of FAULT_KINDS) expect(result.faultsInjected[kind]).toBeGreaterThan(0);
}

/** Exactly one resource per logical operation, every service; mismatches only where the caller changed parameters. */
function expectExactlyOnce(result: ChaosRunResult): void {
  expect(result.services.map((s) => s.service)).toEqual([...SERVICE_NAMES]);
  const expectedMistakes = Math.floor(OPERATIONS / CALLER_MISTAKE_EVERY);
  for (const service of result.services) {
    const where = `${result.mode} ${service.service}`;
    expect({ where, logicalOperations: service.logicalOperations }).toEqual({ where, logicalOperations: OPERATIONS });
    expect({ where, exactlyOnce: service.exactlyOnce }).toEqual({ where, exactlyOnce: OPERATIONS });
    expect({ where, resourcesCreated: service.resourcesCreated }).toEqual({ where, resourcesCreated: OPERATIONS });
    expect({ where, duplicates: service.duplicates, unattributed: service.unattributed }).toEqual({
      where,
      duplicates: 0,
      unattributed: 0,
    });
    expect({ where, failed: service.failedOperations }).toEqual({ where, failed: 0 });
    // Every mistaken resend with changed parameters is caught, and nothing else is.
    expect({ where, mistakes: service.callerMistakes }).toEqual({ where, mistakes: expectedMistakes });
    expect({ where, mismatches: service.mismatches }).toEqual({
      where,
      mismatches: { callerCaused: expectedMistakes, other: 0 },
    });
    expect({ where, errors: service.finalErrors }).toEqual({ where, errors: { IdempotentParameterMismatchError: expectedMistakes } });
    // More requests than operations: the faults forced resends, and they were absorbed.
    expect(service.httpAttempts).toBeGreaterThan(OPERATIONS);
  }
}

describe(`chaos: ${OPERATIONS} logical operations per service, ${FAULT_RATE * 100}% of requests faulted`, () => {
  test(
    'with the retrysafe plugin: exactly one resource per logical operation, no mismatch the caller did not cause',
    async () => {
      const result = await run('retrysafe');
      expectStorm(result);
      expectExactlyOnce(result);
    },
    RUN_TIMEOUT_MS,
  );

  test(
    'keyed operations resent from a freshly built client after every fault: still exactly one',
    async () => {
      const result = await run('retrysafe-keyed-fresh');
      expectStorm(result);
      expectExactlyOnce(result);
    },
    RUN_TIMEOUT_MS,
  );

  test(
    'the same workload with bare clients creates duplicates (the proof can fail)',
    async () => {
      const result = await run('bare');
      expectStorm(result);
      const byService = Object.fromEntries(result.services.map((s) => [s.service, s]));
      // EC2: the SDK's own retries reuse its token, but a caller's resend gets a new one.
      expect(byService.ec2?.duplicates).toBeGreaterThan(0);
      // RAM: no token at all, every lost response that is resent makes another share.
      expect(byService.ram?.duplicates).toBeGreaterThan(0);
      // CloudFormation: no token; the stack name stops a second stack, so the caller
      // is told AlreadyExistsException about a stack that was created.
      expect(byService.cloudformation?.failedButCreated).toBeGreaterThan(0);
      // Duplicates from plain resends, not only from the callers' changed ones.
      expect(result.total.duplicates).toBeGreaterThan(result.total.duplicatesFromChangedResends);
      // Bare clients catch none of the callers' mistaken resends.
      expect(result.total.mismatches.callerCaused).toBe(0);
    },
    RUN_TIMEOUT_MS,
  );
});
