import { RunInstancesCommand, type EC2Client, type RunInstancesCommandInput } from '@aws-sdk/client-ec2';
import { withIdempotencyKey } from '@retrysafe/aws';
import { benchEc2Client } from '../ec2/bench-client.js';
import { InProcessHandler } from '../ec2/in-process-handler.js';
import { realisticRunInstancesInput } from '../fixtures/run-instances-input.js';
import { RUN_INSTANCES_RESPONSE_XML } from '../fixtures/run-instances-response.js';
import { measureInterleaved, ratioToBaseline, type Clock, type Contender, type ContenderResult } from '../interleaved.js';
import type { Spread } from '../report/stats.js';
import { openMemoryStore, openSqliteStore, type BenchStore } from '../stores/bench-stores.js';

/** The targets: the plugin's cost relative to a bare client. */
export const UNKEYED_TARGET_RATIO = 1.05;
export const KEYED_MEMORY_TARGET_RATIO = 1.1;

interface VariantSpec {
  readonly id: string;
  readonly label: string;
  readonly targetRatio: number | undefined;
  /** Opens the variant's store, if it has one. */
  readonly store?: () => Promise<BenchStore>;
  readonly plugin: boolean;
  readonly keyed: boolean;
}

export const OVERHEAD_VARIANTS: readonly VariantSpec[] = [
  { id: 'bare', label: 'bare EC2Client', targetRatio: undefined, plugin: false, keyed: false },
  { id: 'unkeyed', label: 'plugin, unkeyed', targetRatio: UNKEYED_TARGET_RATIO, plugin: true, keyed: false },
  {
    id: 'keyed-memory',
    label: 'plugin, keyed, memory store',
    targetRatio: KEYED_MEMORY_TARGET_RATIO,
    store: async () => openMemoryStore(),
    plugin: true,
    keyed: true,
  },
  {
    id: 'keyed-sqlite',
    label: 'plugin, keyed, SQLite store (synchronous=full, the default)',
    targetRatio: undefined,
    store: () => openSqliteStore('full'),
    plugin: true,
    keyed: true,
  },
  {
    id: 'keyed-sqlite-normal',
    label: 'plugin, keyed, SQLite store (synchronous=normal)',
    targetRatio: undefined,
    store: () => openSqliteStore('normal'),
    plugin: true,
    keyed: true,
  },
];

export interface OverheadOptions {
  readonly sends: number;
  readonly rounds: number;
  readonly warmup: number;
  /** Variant ids to run; empty: all. 'bare' always runs (the baseline). */
  readonly variants: readonly string[];
  readonly onRound?: (round: number, rounds: number) => void;
}

/** One variant's cost on one clock. */
export interface ClockResult {
  /** Microseconds per send, over the rounds. */
  readonly usPerSend: Spread;
  /** Per-round ratio to the bare client in the same round. */
  readonly ratioToBare: Spread;
  /** Median microseconds per send above the bare client. */
  readonly addedUsPerSend: number;
}

export interface OverheadVariantResult {
  readonly id: string;
  readonly label: string;
  /** CPU time of this process per send: the verdict's measure (steady on a shared machine). */
  readonly cpu: ClockResult;
  /** Wall-clock time per send. */
  readonly wall: ClockResult;
  readonly targetRatio: number | undefined;
  /** Whether the median CPU ratio meets the target (undefined: no target). */
  readonly targetMet: boolean | undefined;
}

export interface OverheadResult {
  readonly sendsPerVariant: number;
  readonly rounds: number;
  readonly warmupSends: number;
  readonly inputMembers: number;
  readonly variants: readonly OverheadVariantResult[];
}

const NS_PER_US = 1_000;

interface OpenVariant {
  readonly spec: VariantSpec;
  readonly contender: Contender;
  readonly handler: InProcessHandler;
  readonly client: EC2Client;
  readonly store: BenchStore | undefined;
  sends: number;
}

async function openVariant(spec: VariantSpec, input: RunInstancesCommandInput): Promise<OpenVariant> {
  const handler = new InProcessHandler(RUN_INSTANCES_RESPONSE_XML);
  const store = await spec.store?.();
  const client = benchEc2Client(handler, spec.plugin ? (store === undefined ? {} : { store: store.store }) : undefined);
  let operation = 0;
  const variant: OpenVariant = {
    spec,
    handler,
    client,
    store,
    sends: 0,
    contender: {
      id: spec.id,
      run: async (count) => {
        for (let i = 0; i < count; i++) {
          const command = new RunInstancesCommand(input);
          if (spec.keyed) withIdempotencyKey(command, `bench-${spec.id}-${operation++}`);
          await client.send(command);
        }
        variant.sends += count;
      },
    },
  };
  return variant;
}

/**
 * Per-send cost of RunInstances through a real EC2Client (serialize, sign,
 * parse a real response) on an in-process handler: bare against the plugin
 * unkeyed and keyed (memory and SQLite stores), measured in one run in
 * interleaved rounds.
 */
export async function runOverhead(options: OverheadOptions): Promise<OverheadResult> {
  const wanted = options.variants.length === 0 ? undefined : new Set(['bare', ...options.variants]);
  const specs = OVERHEAD_VARIANTS.filter((spec) => wanted === undefined || wanted.has(spec.id));
  const unknown = options.variants.filter((id) => !OVERHEAD_VARIANTS.some((spec) => spec.id === id));
  if (unknown.length > 0) throw new Error(`unknown overhead variant ${unknown.join(', ')}`);

  const input = realisticRunInstancesInput();
  const open: OpenVariant[] = [];
  try {
    for (const spec of specs) open.push(await openVariant(spec, input));
    const results = await measureInterleaved(
      open.map((variant) => variant.contender),
      {
        total: options.sends,
        rounds: options.rounds,
        warmup: options.warmup,
        onRound: (round) => options.onRound?.(round, options.rounds),
      },
    );
    for (const variant of open) {
      // Every send is exactly one request on the wire: a retry or a skipped send would skew the numbers.
      if (variant.handler.requests !== variant.sends) {
        throw new Error(`${variant.spec.id}: ${variant.sends} sends made ${variant.handler.requests} requests`);
      }
    }
    const bare = results.find((result) => result.id === 'bare');
    if (bare === undefined) throw new Error('the bare baseline did not run');
    return {
      sendsPerVariant: options.sends,
      rounds: options.rounds,
      warmupSends: options.warmup,
      inputMembers: Object.keys(input).length,
      variants: results.map((result, index) => {
        const spec = open[index]?.spec as VariantSpec;
        const cpu = clockResult(result, bare, 'cpu');
        return {
          id: spec.id,
          label: spec.label,
          cpu,
          wall: clockResult(result, bare, 'wall'),
          targetRatio: spec.targetRatio,
          targetMet: spec.targetRatio === undefined ? undefined : cpu.ratioToBare.median <= spec.targetRatio,
        };
      }),
    };
  } finally {
    for (const variant of open) {
      variant.client.destroy();
      await variant.store?.close();
    }
  }
}

function clockResult(result: ContenderResult, bare: ContenderResult, clock: Clock): ClockResult {
  const ns = clock === 'cpu' ? result.cpuNs : result.wallNs;
  const bareNs = clock === 'cpu' ? bare.cpuNs : bare.wallNs;
  return {
    usPerSend: scale(ns, 1 / NS_PER_US),
    ratioToBare: ratioToBaseline(result, bare, clock),
    addedUsPerSend: (ns.median - bareNs.median) / NS_PER_US,
  };
}

function scale(summary: Spread, factor: number): Spread {
  return {
    median: summary.median * factor,
    q1: summary.q1 * factor,
    q3: summary.q3 * factor,
    min: summary.min * factor,
    max: summary.max * factor,
    samples: summary.samples,
  };
}
