import { performance } from 'node:perf_hooks';
import { SERVICE_NAMES, spreadFaultRate, startFakeAws, type FakeAwsServer } from '@retrysafe/fake-aws';
import { createCaller, type OperationCaller } from './callers.js';
import { logicalOperation, type LogicalOperation } from './logical-operation.js';
import { runBounded } from './bounded-pool.js';
import { resolveChaosOptions, type ChaosWorkloadOptions } from './options.js';
import type { ChaosRunResult } from './results.js';
import { SERVICE_WORKLOADS } from './services/index.js';
import { tallyService, tallyTotal, type SettledOperation } from './tally.js';

// The chaos workload: N logical operations per service, sent by callers that
// resend on failure, against one fake-aws whose requests fail at a seeded
// rate; then the server's own records say how many resources each intent got.
//
// Reproducibility: fault i goes to the i-th request the server receives. With
// concurrency 1 the request order, and so every count, follows from the seed
// alone; with more in flight, timing decides which request arrives i-th, so
// counts vary a little between runs while the fault rate stays the same.

const CLIENT_REGION = 'us-east-1';

/**
 * Runs `operations` logical operations per service through callers that
 * resend on failure, against fake-aws faulting `faultRate` of the requests,
 * and counts the resources each operation got. Uses `server` (resetting it
 * and replacing its faults) or starts its own on a free port and closes it.
 * Throws `RangeError` on a bad option before anything runs.
 */
export async function runChaosWorkload(options: ChaosWorkloadOptions): Promise<ChaosRunResult> {
  const resolved = resolveChaosOptions(options, SERVICE_NAMES);
  const faults = spreadFaultRate(resolved.faultRate);
  const server: FakeAwsServer = options.server ?? (await startFakeAws({ seed: resolved.seed, region: CLIENT_REGION }));
  const callers = new Map<string, OperationCaller>();
  try {
    server.reset();
    server.setFaults(faults);
    const settings = { endpoint: server.endpoint, region: CLIENT_REGION, backoff: resolved.backoff, maxResends: resolved.maxResends };
    for (const service of resolved.services) {
      callers.set(service, createCaller(resolved.mode, SERVICE_WORKLOADS[service], settings));
    }
    // Services interleaved, so every service meets the same storm at the same time.
    const operations: LogicalOperation[] = [];
    for (let index = 0; index < resolved.operations; index += 1) {
      for (const service of resolved.services) operations.push(logicalOperation(service, index, resolved.callerMistakeEvery));
    }

    let done = 0;
    const started = performance.now();
    const settled = await runBounded(operations.length, resolved.concurrency, async (i): Promise<SettledOperation> => {
      const operation = operations[i] as LogicalOperation;
      const caller = callers.get(operation.service) as OperationCaller;
      const begin = performance.now();
      const outcome = await caller.run(operation);
      const latencyMs = performance.now() - begin;
      done += 1;
      options.onProgress?.({ mode: resolved.mode, done, total: operations.length });
      return { operation, outcome, latencyMs };
    });
    const wallTimeMs = performance.now() - started;

    const stats = server.stats();
    const services = resolved.services.map((service) => {
      const workload = SERVICE_WORKLOADS[service];
      return tallyService({
        service,
        operation: workload.operation,
        settled: settled.filter((s) => s.operation.service === service),
        httpAttempts: stats.requestsByOperation[`${service}:${workload.operation}`] ?? 0,
        resources: server.resources(service),
      });
    });
    return {
      mode: resolved.mode,
      seed: server.seed,
      faultRate: resolved.faultRate,
      concurrency: resolved.concurrency,
      operationsPerService: resolved.operations,
      maxResends: resolved.maxResends,
      callerMistakeEvery: resolved.callerMistakeEvery,
      backoff: resolved.mode === 'bare' ? undefined : resolved.backoff,
      wallTimeMs,
      faultsInjected: stats.faults,
      services,
      total: tallyTotal(services, settled.map((s) => s.latencyMs)),
    };
  } finally {
    for (const caller of callers.values()) caller.close();
    if (options.server === undefined) await server.close();
  }
}
