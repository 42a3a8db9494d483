import { startFakeAws, type FakeAwsServer } from '@retrysafe/fake-aws';
import { CHAOS_MODES, runChaosWorkload, type ChaosMode, type ChaosRunResult } from '@retrysafe/chaos';

// The workload itself, on small runs: what it counts with no faults, that a
// seed gives the same run at concurrency 1, and that bad options fail early.

const SMALL = 24;
const MISTAKE_EVERY = 8;
const EXPECTED_MISTAKES = SMALL / MISTAKE_EVERY;

let server: FakeAwsServer;

beforeAll(async () => {
  server = await startFakeAws({ seed: 7 });
});

afterAll(async () => {
  await server?.close();
});

/** Everything in a result that follows from the seed (timings do not). */
function countsOf(result: ChaosRunResult) {
  return {
    faults: result.faultsInjected,
    services: result.services.map(({ latencyMs: _latency, ...counts }) => counts),
  };
}

describe('with no faults', () => {
  test.each(CHAOS_MODES)('%s: one request and one resource per operation, plus the callers\' mistaken resends', async (mode) => {
    const result = await runChaosWorkload({ mode, server, operations: SMALL, faultRate: 0, callerMistakeEvery: MISTAKE_EVERY });
    expect(Object.values(result.faultsInjected).every((n) => n === 0)).toBe(true);
    for (const service of result.services) {
      expect(service.logicalOperations).toBe(SMALL);
      expect({ service: service.service, failed: service.failedOperations }).toEqual({ service: service.service, failed: 0 });
      expect(service.callerMistakes).toBe(EXPECTED_MISTAKES);
      expect(service.unattributed).toBe(0);
      expect(service.withoutResource).toBe(0);
      expect(service.latencyMs.p50).toBeLessThanOrEqual(service.latencyMs.p99);
    }
    const byService = Object.fromEntries(result.services.map((s) => [s.service, s]));
    if (mode === 'bare') {
      // The mistaken resend reaches the service and, without a token that ties it to the first, creates again...
      for (const service of [byService.ec2, byService.ram]) {
        expect(service?.duplicates).toBe(EXPECTED_MISTAKES);
        expect(service?.duplicatesFromChangedResends).toBe(EXPECTED_MISTAKES);
        expect(service?.httpAttempts).toBe(SMALL + EXPECTED_MISTAKES);
      }
      // ...except where the stack name stops it.
      expect(byService.cloudformation?.duplicates).toBe(0);
      expect(byService.cloudformation?.finalErrors).toEqual({ AlreadyExistsException: EXPECTED_MISTAKES });
      expect(result.total.mismatches).toEqual({ callerCaused: 0, other: 0 });
    } else {
      for (const service of result.services) {
        expect(service.exactlyOnce).toBe(SMALL);
        expect(service.duplicates).toBe(0);
        expect(service.mismatches).toEqual({ callerCaused: EXPECTED_MISTAKES, other: 0 });
        // The plugin stops the same command object locally; a fresh client's resend is stopped by the service.
        const mistakeRequests = mode === 'retrysafe' ? 0 : EXPECTED_MISTAKES;
        expect(service.httpAttempts).toBe(SMALL + mistakeRequests);
      }
    }
  });
});

describe('reproducibility', () => {
  test.each<ChaosMode>(['bare', 'retrysafe-keyed-fresh'])('%s: the same seed at concurrency 1 gives the same counts', async (mode) => {
    const options = { mode, server, operations: SMALL, faultRate: 0.4, concurrency: 1, callerMistakeEvery: MISTAKE_EVERY };
    const first = await runChaosWorkload(options);
    const second = await runChaosWorkload(options);
    expect(countsOf(second)).toEqual(countsOf(first));
    expect(Object.values(first.faultsInjected).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  test('another seed gives another fault sequence', async () => {
    const options = { mode: 'retrysafe' as const, operations: SMALL, faultRate: 0.4, concurrency: 1 };
    const a = await runChaosWorkload({ ...options, seed: 1 });
    const b = await runChaosWorkload({ ...options, seed: 2 });
    expect(a.seed).toBe(1);
    expect(b.seed).toBe(2);
    expect(countsOf(b).faults).not.toEqual(countsOf(a).faults);
  });
});

describe('options', () => {
  test('runs only the services asked for, and leaves a given server running', async () => {
    const result = await runChaosWorkload({ mode: 'retrysafe', server, operations: 3, faultRate: 0, services: ['ram'] });
    expect(result.services.map((s) => s.service)).toEqual(['ram']);
    expect(server.resources('ec2')).toHaveLength(0);
    expect(server.resources('ram')).toHaveLength(3);
    expect(server.stats().requests).toBe(3);
  });

  test.each([
    [{ operations: 0 }, /operations/],
    [{ operations: 1.5 }, /operations/],
    [{ concurrency: 0 }, /concurrency/],
    [{ faultRate: 1.2 }, /faultRate/],
    [{ faultRate: Number.NaN }, /faultRate/],
    [{ maxResends: -1 }, /maxResends/],
    [{ seed: 2 ** 32 }, /seed/],
    [{ services: [] }, /services/],
    [{ services: ['s3'] }, /services/],
    [{ mode: 'retry-harder' }, /mode/],
  ])('%j is refused before anything runs', async (bad, message) => {
    const before = server.stats().requests;
    await expect(runChaosWorkload({ mode: 'retrysafe', server, ...(bad as object) })).rejects.toThrow(message);
    await expect(runChaosWorkload({ mode: 'retrysafe', server, ...(bad as object) })).rejects.toBeInstanceOf(RangeError);
    expect(server.stats().requests).toBe(before);
  });

  test('a seed that differs from the given server\'s is refused', async () => {
    await expect(runChaosWorkload({ mode: 'bare', server, seed: server.seed + 1 })).rejects.toThrow(/seed/);
  });
});
