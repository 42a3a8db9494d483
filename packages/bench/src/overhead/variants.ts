import { RunInstancesCommand } from '@aws-sdk/client-ec2';
import { getIdempotencyToken, IDEMPOTENCY_MIDDLEWARE_NAME, TOKEN_MIDDLEWARE_NAME, withIdempotencyKey } from '@retrysafe/aws';
import { freezeInput } from '@retrysafe/core';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { benchEc2Client } from '../ec2/bench-client.js';
import { InProcessHandler } from '../ec2/in-process-handler.js';
import { realisticRunInstancesInput } from '../fixtures/run-instances-input.js';
import { RUN_INSTANCES_RESPONSE_XML } from '../fixtures/run-instances-response.js';
import { openMemoryStore, openSqliteStore, type BenchStore } from '../stores/bench-stores.js';

/** The targets: the plugin's cost relative to a bare client. */
export const UNKEYED_TARGET_RATIO = 1.05;
export const KEYED_MEMORY_TARGET_RATIO = 1.1;
/** Not a real secret: 32 bytes, as a deployment would set from its secret store. */
const BENCH_SECRET = 'retrysafe-bench-secret-32-bytes!';

/**
 * Which interleaved run a variant is measured in, beside a bare client of its
 * own. The SQLite variants write to disk (fsync) and keep the kernel busy
 * after their batches, which on a small machine slowed whatever ran next;
 * kept apart, they cannot blur the variants that have targets.
 */
export type VariantGroup = 'in-memory' | 'durable-store';

export interface VariantSpec {
  readonly id: string;
  readonly label: string;
  /** 'bare' is in every group (each group's baseline). */
  readonly group: VariantGroup;
  readonly targetRatio: number | undefined;
  /** Opens the variant's store, if it has one. */
  readonly store?: () => Promise<BenchStore>;
  readonly plugin: boolean;
  readonly keyed: boolean;
  /** The plugin's `secret`: member digests and tokens by HMAC, as the guides set it. */
  readonly secret?: string;
  /**
   * A breakdown variant: the plugin in the stack with its two middleware
   * replaced (see `Breakdown`), to tell which part of the unkeyed cost is
   * which. Run only when named (`--variants=`); not in the default run.
   */
  readonly breakdown?: Breakdown;
}

/**
 * 'stack': the plugin applied, its initialize and serialize middleware only
 * passing the args on (the SDK fills the token, as for bare): the cost of
 * the stack itself and the retry middleware. 'copy': the same, the
 * initialize middleware passing on the frozen copy of the input that the
 * first send makes: the stack plus the copy.
 */
export type Breakdown = 'stack' | 'copy';

export const OVERHEAD_VARIANTS: readonly VariantSpec[] = [
  { id: 'bare', label: 'bare EC2Client', group: 'in-memory', targetRatio: undefined, plugin: false, keyed: false },
  { id: 'unkeyed', label: 'plugin, unkeyed', group: 'in-memory', targetRatio: UNKEYED_TARGET_RATIO, plugin: true, keyed: false },
  {
    id: 'keyed-memory',
    label: 'plugin, keyed, memory store',
    group: 'in-memory',
    targetRatio: KEYED_MEMORY_TARGET_RATIO,
    store: async () => openMemoryStore(),
    plugin: true,
    keyed: true,
  },
  {
    id: 'keyed-memory-secret',
    label: 'plugin, keyed, memory store, secret',
    group: 'in-memory',
    targetRatio: undefined,
    store: async () => openMemoryStore(),
    plugin: true,
    keyed: true,
    secret: BENCH_SECRET,
  },
  {
    id: 'keyed-sqlite',
    label: 'plugin, keyed, SQLite (synchronous=full, default)',
    group: 'durable-store',
    targetRatio: undefined,
    store: () => openSqliteStore('full'),
    plugin: true,
    keyed: true,
  },
  {
    id: 'keyed-sqlite-normal',
    label: 'plugin, keyed, SQLite (synchronous=normal)',
    group: 'durable-store',
    targetRatio: undefined,
    store: () => openSqliteStore('normal'),
    plugin: true,
    keyed: true,
  },
  {
    id: 'breakdown-stack',
    label: 'breakdown: plugin stack, middleware passing through',
    group: 'in-memory',
    targetRatio: undefined,
    plugin: true,
    keyed: false,
    breakdown: 'stack',
  },
  {
    id: 'breakdown-copy',
    label: 'breakdown: plugin stack + first-send frozen copy',
    group: 'in-memory',
    targetRatio: undefined,
    plugin: true,
    keyed: false,
    breakdown: 'copy',
  },
];

/** The variants a run measures when none are named: all but the breakdowns. */
export const DEFAULT_OVERHEAD_VARIANTS: readonly VariantSpec[] = OVERHEAD_VARIANTS.filter((spec) => spec.breakdown === undefined);

export function variantSpec(id: string): VariantSpec {
  const spec = OVERHEAD_VARIANTS.find((candidate) => candidate.id === id);
  if (spec === undefined) throw new Error(`unknown overhead variant ${id}`);
  return spec;
}

/** A variant ready to send: a real EC2 client on the in-process handler, with its store. */
export interface OpenVariant {
  readonly spec: VariantSpec;
  /** Sends `count` RunInstances, one new command each (keyed ones with a new key). */
  send(count: number): Promise<void>;
  /**
   * Throws unless every send so far made exactly one request (a retry or a
   * skipped send would skew the numbers) and went through the plugin's
   * middleware exactly when the variant says so (a breakdown replaces it).
   */
  checkSends(): void;
  close(): Promise<void>;
}

export async function openVariant(spec: VariantSpec): Promise<OpenVariant> {
  const input = realisticRunInstancesInput();
  const handler = new InProcessHandler(RUN_INSTANCES_RESPONSE_XML);
  const store = await spec.store?.();
  const client = benchEc2Client(handler, spec.plugin ? { store: store?.store, secret: spec.secret } : undefined);
  if (spec.breakdown !== undefined) replacePluginMiddleware(client, spec.breakdown);
  const tracked = spec.plugin && spec.breakdown === undefined;
  let sends = 0;
  let mistracked = 0;
  return {
    spec,
    send: async (count) => {
      for (let i = 0; i < count; i++) {
        const command = new RunInstancesCommand(input);
        if (spec.keyed) withIdempotencyKey(command, `bench-${spec.id}-${sends}`);
        sends += 1;
        await client.send(command);
        if ((getIdempotencyToken(command) !== undefined) !== tracked) mistracked += 1;
      }
    },
    checkSends: () => {
      if (handler.requests !== sends) throw new Error(`${spec.id}: ${sends} sends made ${handler.requests} requests`);
      if (mistracked > 0) throw new Error(`${spec.id}: ${mistracked} of ${sends} sends ${tracked ? 'missed' : 'went through'} the plugin's middleware`);
    },
    close: async () => {
      client.destroy();
      await store?.close();
    },
  };
}

type PassOn = (next: (args: { input: object }) => Promise<unknown>) => (args: { input: object }) => Promise<unknown>;

/** Puts pass-through middleware in the places (names) of the plugin's two (see `Breakdown`). */
function replacePluginMiddleware(client: EC2Client, breakdown: Breakdown): void {
  // Plain functions returning the next handler's promise, as the plugin's own middleware are.
  const passOn: PassOn = (next) => (args) => next(args);
  const passOnCopy: PassOn = (next) => (args) => next({ ...args, input: freezeInput(args.input) });
  client.middlewareStack.add((breakdown === 'copy' ? passOnCopy : passOn) as never, {
    step: 'initialize',
    priority: 'high',
    name: IDEMPOTENCY_MIDDLEWARE_NAME,
    override: true,
  });
  client.middlewareStack.addRelativeTo(passOn as never, {
    relation: 'after',
    toMiddleware: 'endpointV2Middleware',
    name: TOKEN_MIDDLEWARE_NAME,
    override: true,
  });
}
