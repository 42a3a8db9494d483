import { RunInstancesCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { withIdempotencyKey } from '@retrysafe/aws';
import { benchEc2Client } from '../ec2/bench-client.js';
import { InProcessHandler } from '../ec2/in-process-handler.js';
import { realisticRunInstancesInput } from '../fixtures/run-instances-input.js';
import { RUN_INSTANCES_RESPONSE_XML } from '../fixtures/run-instances-response.js';
import { CountingTokenStore, type StoreMethod } from '../stores/counting-token-store.js';
import { openBenchStore, STORE_KINDS, type BenchStore, type StoreKind } from '../stores/bench-stores.js';

/** The target: one write to bind, at most one for the outcome. */
export const TARGET_BINDS_PER_OPERATION = 1;
export const TARGET_OUTCOME_WRITES_PER_OPERATION = 1;

/** The kinds of keyed send measured. */
export const ROUND_TRIP_PHASES = ['new key', 'same key, new command (a redelivery)', 'same command resent'] as const;
export type RoundTripPhase = (typeof ROUND_TRIP_PHASES)[number];

export interface PhaseRoundTrips {
  readonly phase: RoundTripPhase;
  readonly operations: number;
  /** Store method calls per keyed send, by method (only methods called at all). */
  readonly storeCallsPerOperation: Readonly<Partial<Record<StoreMethod, number>>>;
  /** Requests on the wire to the store's server per keyed send, by command/operation (network stores). */
  readonly wirePerOperation: Readonly<Record<string, number>> | undefined;
  readonly wireTotalPerOperation: number | undefined;
  /** Binds ≤ 1 and outcome writes ≤ 1 per operation. */
  readonly targetMet: boolean;
}

export type StoreRoundTrips =
  | { readonly store: StoreKind; readonly available: true; readonly backend: string; readonly phases: readonly PhaseRoundTrips[] }
  | { readonly store: StoreKind; readonly available: false; readonly reason: string };

export interface RoundTripOptions {
  readonly operations: number;
  readonly stores?: readonly StoreKind[];
}

interface Counted {
  readonly counting: CountingTokenStore;
  readonly opened: BenchStore;
}

async function measurePhase(
  phase: RoundTripPhase,
  operations: number,
  { counting, opened }: Counted,
  sendAll: () => Promise<void>,
): Promise<PhaseRoundTrips> {
  counting.reset();
  await opened.wire?.reset();
  await sendAll();
  const calls = counting.calls;
  const storeCallsPerOperation: Partial<Record<StoreMethod, number>> = {};
  for (const [method, count] of Object.entries(calls) as [StoreMethod, number][]) {
    if (count > 0) storeCallsPerOperation[method] = count / operations;
  }
  const wire = opened.wire === undefined ? undefined : await opened.wire.calls();
  const wirePerOperation = wire === undefined ? undefined : Object.fromEntries(Object.entries(wire).map(([name, count]) => [name, count / operations]));
  const wireTotal = wire === undefined ? undefined : Object.values(wire).reduce((sum, count) => sum + count, 0) / operations;
  return {
    phase,
    operations,
    storeCallsPerOperation,
    wirePerOperation,
    wireTotalPerOperation: wireTotal,
    targetMet: calls.bind / operations <= TARGET_BINDS_PER_OPERATION && calls.complete / operations <= TARGET_OUTCOME_WRITES_PER_OPERATION,
  };
}

async function measureStore(kind: StoreKind, operations: number): Promise<StoreRoundTrips> {
  let opened: BenchStore;
  try {
    opened = await openBenchStore(kind);
  } catch (error) {
    return { store: kind, available: false, reason: error instanceof Error ? error.message.split('\n')[0] ?? error.name : String(error) };
  }
  const counting = new CountingTokenStore(opened.store);
  const handler = new InProcessHandler(RUN_INSTANCES_RESPONSE_XML);
  let client: EC2Client | undefined;
  try {
    client = benchEc2Client(handler, { store: counting });
    const send = client.send.bind(client);
    const input = realisticRunInstancesInput();
    const keys = Array.from({ length: operations }, (_, index) => `round-trip-${kind}-${index}`);
    const commands = keys.map((key) => withIdempotencyKey(new RunInstancesCommand(input), key));
    const counted = { counting, opened };
    const phases = [
      await measurePhase('new key', operations, counted, async () => {
        for (const command of commands) await send(command);
      }),
      await measurePhase('same key, new command (a redelivery)', operations, counted, async () => {
        for (const key of keys) await send(withIdempotencyKey(new RunInstancesCommand(input), key));
      }),
      await measurePhase('same command resent', operations, counted, async () => {
        for (const command of commands) await send(command);
      }),
    ];
    return { store: kind, available: true, backend: opened.backend, phases };
  } finally {
    client?.destroy();
    await opened.close();
  }
}

/** Store calls (and, for network stores, requests on the wire) per keyed RunInstances through the plugin. */
export async function runStoreRoundTrips(options: RoundTripOptions): Promise<StoreRoundTrips[]> {
  const results: StoreRoundTrips[] = [];
  for (const kind of options.stores ?? STORE_KINDS) results.push(await measureStore(kind, options.operations));
  return results;
}
