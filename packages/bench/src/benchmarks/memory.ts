import { RunInstancesCommand } from '@aws-sdk/client-ec2';
import { withIdempotencyKey } from '@retrysafe/aws';
import { bindingKey, DEFAULT_MEMORY_STORE_MAX_ENTRIES, fingerprint, MemoryTokenStore, newTokenRecord } from '@retrysafe/core';
import { benchEc2Client } from '../ec2/bench-client.js';
import { InProcessHandler } from '../ec2/in-process-handler.js';
import { realisticRunInstancesInput } from '../fixtures/run-instances-input.js';
import { MINIMAL_RUN_INSTANCES_RESPONSE_XML } from '../fixtures/run-instances-response.js';
import { BYTES_PER_MB, heapAfterGcMb } from '../heap.js';

/**
 * Heap growth from the middle sample to the end that still counts as
 * bounded. A leak of one small object per command (~40 bytes) over the
 * second half of 1,000,000 sends would add ~20 MB; GC noise is well under 1 MB.
 */
export const BOUNDED_GROWTH_MB = 2;

export interface MemoryRunResult {
  readonly kind: 'unkeyed' | 'keyed';
  readonly sends: number;
  /** Heap used after a full GC, in MB, at evenly spaced points (the first after warm-up). */
  readonly heapMb: readonly { readonly afterSends: number; readonly mb: number }[];
  readonly startMb: number;
  readonly middleMb: number;
  readonly endMb: number;
  readonly maxMb: number;
  /** End minus middle: what the second half of the run left behind. */
  readonly secondHalfGrowthMb: number;
  readonly bounded: boolean;
  /** Keyed runs: records the memory store holds at the end, and its cap. */
  readonly storeEntries?: number;
  readonly storeCap?: number;
  readonly wallSeconds: number;
}

export interface MemoryOptions {
  readonly unkeyedSends: number;
  readonly keyedSends: number;
  readonly samples: number;
  readonly onProgress?: (kind: string, done: number, total: number) => void;
}

/** Sends before the first sample: the client's lazily built state and the JIT settle first. */
const WARMUP_SENDS = 2_000;
/** A small input: the run is about how many sends, not what each costs. */
const SMALL_INPUT = { ImageId: 'ami-0abcdef1234567890', InstanceType: 't3.micro', MinCount: 1, MaxCount: 1 } as const;

/**
 * Many sequential sends through one plugin-equipped client, each with a new
 * command that is dropped after its send; the heap after a full GC is
 * sampled along the way. Unkeyed sends must leave nothing behind; keyed sends
 * (a new key each) fill the memory store up to its cap and no further.
 */
async function runMemory(kind: 'unkeyed' | 'keyed', sends: number, samples: number, onProgress: MemoryOptions['onProgress']): Promise<MemoryRunResult> {
  const handler = new InProcessHandler(MINIMAL_RUN_INSTANCES_RESPONSE_XML);
  const store = new MemoryTokenStore();
  const client = benchEc2Client(handler, { store });
  let operation = 0;
  const send = async (count: number): Promise<void> => {
    for (let i = 0; i < count; i++) {
      const command = new RunInstancesCommand(SMALL_INPUT);
      if (kind === 'keyed') withIdempotencyKey(command, `memory-${operation++}`);
      await client.send(command);
    }
  };
  const started = Date.now();
  try {
    await send(WARMUP_SENDS);
    const heapMb = [{ afterSends: 0, mb: heapAfterGcMb() }];
    const intervals = samples - 1;
    let done = 0;
    for (let interval = 1; interval <= intervals; interval++) {
      const target = Math.round((sends * interval) / intervals);
      await send(target - done);
      done = target;
      heapMb.push({ afterSends: done, mb: heapAfterGcMb() });
      onProgress?.(kind, done, sends);
    }
    if (handler.requests !== sends + WARMUP_SENDS) {
      throw new Error(`memory ${kind}: ${sends + WARMUP_SENDS} sends made ${handler.requests} requests`);
    }
    const startMb = heapMb[0]?.mb ?? 0;
    const middleMb = heapMb[Math.floor(intervals / 2)]?.mb ?? 0;
    const endMb = heapMb[heapMb.length - 1]?.mb ?? 0;
    return {
      kind,
      sends,
      heapMb,
      startMb,
      middleMb,
      endMb,
      maxMb: Math.max(...heapMb.map((sample) => sample.mb)),
      secondHalfGrowthMb: endMb - middleMb,
      bounded: endMb - middleMb < BOUNDED_GROWTH_MB,
      ...(kind === 'keyed' ? { storeEntries: store.size, storeCap: DEFAULT_MEMORY_STORE_MAX_ENTRIES } : {}),
      wallSeconds: (Date.now() - started) / 1000,
    };
  } finally {
    client.destroy();
  }
}

/** What one binding of the overhead benchmark's input costs the memory store. */
export interface StoreBindingSize {
  /** Top-level members of the input, so member digests per record. */
  readonly members: number;
  /** Bindings held when measured (a full default store). */
  readonly bindings: number;
  /** Heap after GC with the bindings held, minus before, per binding. */
  readonly bytesPerBinding: number;
}

export interface MemoryResult {
  readonly boundedGrowthMb: number;
  readonly runs: readonly MemoryRunResult[];
  readonly storeBinding: StoreBindingSize;
}

/**
 * Fills a memory store to its default cap with records of the realistic
 * RunInstances input (the sends above use a small one): what a full store
 * costs a busy client, whose inputs are that size.
 */
async function measureStoreBinding(): Promise<StoreBindingSize> {
  const input = realisticRunInstancesInput();
  const store = new MemoryTokenStore();
  const bindings = DEFAULT_MEMORY_STORE_MAX_ENTRIES;
  const before = heapAfterGcMb();
  let members = 0;
  for (let index = 0; index < bindings; index++) {
    const digests = fingerprint(input, { exclude: ['ClientToken'] });
    members = Object.keys(digests.members).length;
    await store.bind(
      newTokenRecord({
        bindingKey: bindingKey({ namespace: 'bench', scope: 'region:eu-west-1', service: 'EC2', operation: 'RunInstances', key: `memory-${index}`, occurrence: 0 }),
        token: `token-${index}`,
        fingerprint: digests.digest,
        memberDigests: digests.members,
        ttlMs: 3_600_000,
      }),
    );
  }
  const after = heapAfterGcMb();
  if (store.size !== bindings) throw new Error(`memory store held ${store.size} of ${bindings} bindings`);
  return { members, bindings, bytesPerBinding: ((after - before) * BYTES_PER_MB) / bindings };
}

export async function runMemoryBench(options: MemoryOptions): Promise<MemoryResult> {
  return {
    boundedGrowthMb: BOUNDED_GROWTH_MB,
    runs: [
      await runMemory('unkeyed', options.unkeyedSends, options.samples, options.onProgress),
      await runMemory('keyed', options.keyedSends, options.samples, options.onProgress),
    ],
    storeBinding: await measureStoreBinding(),
  };
}
