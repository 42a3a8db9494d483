import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import type { TokenRecord, TokenStore } from '@retrysafe/core';
import { forkContender, type ContenderOutcome } from '@retrysafe/core/testing';
import { startFakeAws, type FakeAwsServer } from '@retrysafe/fake-aws';
import { durableStoreKinds, startDurableStore, type DurableStoreFixture } from './support/durable-stores.js';

// Issue 5's process-level guarantees, through the plugin, a real EC2 client,
// fake-aws and each durable store (a real SQLite file, a real redis-server):
//
// - race: 16 processes send one keyed RunInstances at once: one token, one instance;
// - crash: processes are SIGKILLed at every point of a keyed RunInstances, and a
//   new process with the same key reuses the token: one instance per key.
//
// Children load the workspace sources through .config/register-sources.cjs.

const CHILD = join(__dirname, 'support', 'keyed-run-instances-child.cjs');
const RACE_PROCESSES = 16;
/** The issue asks for at least 200 kills per durable store in CI; fewer locally unless asked. */
const KILLS_PER_STORE = Number(process.env.RETRYSAFE_CRASH_KILLS ?? (process.env.CI === 'true' ? 200 : 60));
/** Points where a child kills itself; 'random' is a SIGKILL from here at a random moment. */
const KILL_POINTS = ['before-bind', 'after-bind', 'before-response', 'before-complete', 'after-complete', 'random'] as const;
/** Kills per key before a last process runs the operation to the end. */
const KILLS_PER_KEY = 10;
/** Keys crashed side by side: enough to keep two cores busy. */
const LANES = 3;
/** A random SIGKILL lands within this long after 'go' (a keyed call here takes a few ms to tens of ms). */
const RANDOM_KILL_WINDOW_MS = 40;
const INSTANCE_TYPES = ['t3.micro', 't3.small'] as const;
/** Jest's bound on the crash test (a few hundred process starts on a busy 2-core machine). */
const CRASH_TEST_TIMEOUT_MS = 300_000;
const CRASH_TEST_MARGIN_MS = 20_000;
const RACE_TEST_TIMEOUT_MS = 60_000;

type KillPoint = (typeof KILL_POINTS)[number] | 'none';

type ChildResult =
  | { readonly outcome: 'sent'; readonly token: string; readonly instanceId: string; readonly bindCreated: boolean }
  | { readonly outcome: 'mismatch'; readonly token: string };

/** Points a process dies at only after its bind was committed. */
const AFTER_BIND: ReadonlySet<KillPoint> = new Set(['after-bind', 'before-response', 'before-complete', 'after-complete']);

/** Children load sources and the SDK; the SDK's Node 20 notice is noise here. */
const childEnv = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

describe.each(durableStoreKinds())('keyed RunInstances in many processes, %s store', (kind) => {
  let fake: FakeAwsServer;
  let fixture: DurableStoreFixture;
  let store: TokenStore;

  beforeAll(async () => {
    fake = await startFakeAws();
    fixture = await startDurableStore(kind);
    store = fixture.open();
  });

  afterAll(async () => {
    await store?.close?.();
    await fixture?.dispose();
    await fake?.close();
  });

  /**
   * Racers use the Redis store's own node-redis client; the crash test's
   * hundreds of short processes hand it the minimal RESP client instead
   * (same store code, same server; node-redis would double each start-up).
   */
  function childArgs(key: string, instanceType: string, killAt: KillPoint, redisClient = 'node-redis'): string[] {
    const config = { store: kind, target: fixture.target, endpoint: fake.endpoint, key, instanceType, killAt, redisClient };
    return [JSON.stringify(config)];
  }

  /** Runs one child to its end: its report, or how it died. */
  async function runChild(
    key: string,
    killAt: KillPoint,
    instanceType: string = INSTANCE_TYPES[0],
  ): Promise<ContenderOutcome<ChildResult>> {
    const contender = forkContender<ChildResult>(CHILD, childArgs(key, instanceType, killAt, 'resp'), childEnv);
    let timer: NodeJS.Timeout | undefined;
    try {
      await contender.ready;
      contender.go();
      if (killAt === 'random') {
        timer = setTimeout(() => contender.child.kill('SIGKILL'), Math.random() * RANDOM_KILL_WINDOW_MS);
      }
      return await contender.outcome;
    } finally {
      clearTimeout(timer);
      await contender.stop();
    }
  }

  async function record(token: string): Promise<TokenRecord | undefined> {
    const records = (await store.list?.()) ?? [];
    return records.find((candidate) => candidate.token === token);
  }

  it(`${RACE_PROCESSES} processes, one key, two parameter sets: one token, one instance, the losers stopped locally`, async () => {
    const key = `race-${randomUUID()}`;
    const contenders = Array.from({ length: RACE_PROCESSES }, (_, index) =>
      forkContender<ChildResult>(CHILD, childArgs(key, INSTANCE_TYPES[index % 2] as string, 'none'), childEnv),
    );
    const requestsBefore = fake.stats().requestsByOperation['ec2:RunInstances'] ?? 0;
    try {
      await Promise.all(contenders.map((contender) => contender.ready));
      for (const contender of contenders) contender.go();
      const outcomes = await Promise.all(contenders.map((contender) => contender.outcome));
      const results = outcomes.map((outcome) => {
        if (outcome.kind !== 'result') throw new Error(`a racer failed: ${JSON.stringify(outcome)}`);
        return outcome.value;
      });

      const tokens = new Set(results.map((result) => result.token));
      expect(tokens.size).toBe(1);
      const [token] = tokens as Set<string>;
      const sent = results.filter((result) => result.outcome === 'sent');
      const stopped = results.filter((result) => result.outcome === 'mismatch');
      // One parameter set won the bind; all of its processes sent, the others never did.
      expect(sent).toHaveLength(RACE_PROCESSES / 2);
      expect(stopped).toHaveLength(RACE_PROCESSES / 2);
      const instances = fake.resources('ec2').filter((instance) => instance.clientToken === token);
      expect(instances).toHaveLength(1);
      for (const result of sent) expect(result).toMatchObject({ outcome: 'sent', token, instanceId: instances[0]?.instanceId });
      expect(sent.filter((result) => result.outcome === 'sent' && result.bindCreated)).toHaveLength(1);
      const requests = (fake.stats().requestsByOperation['ec2:RunInstances'] ?? 0) - requestsBefore;
      expect(requests).toBe(RACE_PROCESSES / 2);
      expect(fake.stats().attemptsByToken[token as string]).toBe(RACE_PROCESSES / 2);
      expect((await record(token as string))?.status).toBe('succeeded');
    } finally {
      await Promise.all(contenders.map((contender) => contender.stop()));
    }
  }, RACE_TEST_TIMEOUT_MS);

  it(`survives ${KILLS_PER_STORE} SIGKILLs at every point of a keyed call: one token and one instance per key`, async () => {
    const instancesBefore = fake.resources('ec2').length;
    const kills: Record<string, number> = {};
    let killed = 0;
    const finished: { key: string; token: string; instanceId: string }[] = [];
    let next = 0;
    const nextPoint = (): KillPoint => KILL_POINTS[next++ % KILL_POINTS.length] as KillPoint;

    // Stop starting processes well before Jest gives up on the test.
    const deadline = Date.now() + CRASH_TEST_TIMEOUT_MS - CRASH_TEST_MARGIN_MS;

    /** One key: processes killed until KILLS_PER_KEY died, then one runs to the end. */
    async function crashOneKey(): Promise<void> {
      const key = `crash-${randomUUID()}`;
      let deaths = 0;
      /** Whether a process of this key is known to have committed its bind before it died. */
      let bound = false;
      while (deaths < KILLS_PER_KEY) {
        if (Date.now() > deadline) throw new Error(`out of time after ${killed} SIGKILLs`);
        const point = nextPoint();
        const outcome = await runChild(key, point);
        if (outcome.kind === 'exit' && outcome.signal === 'SIGKILL') {
          deaths += 1;
          killed += 1;
          kills[point] = (kills[point] ?? 0) + 1;
          bound ||= AFTER_BIND.has(point);
        } else if (outcome.kind === 'result' && outcome.value.outcome === 'sent') {
          // A random SIGKILL that came after the call finished.
          bound = true;
        } else {
          throw new Error(`child at ${point} failed: ${JSON.stringify(outcome)}`);
        }
      }
      const last = await runChild(key, 'none');
      if (last.kind !== 'result' || last.value.outcome !== 'sent') throw new Error(`last run failed: ${JSON.stringify(last)}`);
      // The binding a killed process committed outlived it: the new process found it.
      if (bound) expect(last.value.bindCreated).toBe(false);
      finished.push({ key, token: last.value.token, instanceId: last.value.instanceId });
    }

    async function lane(keys: number): Promise<void> {
      for (let index = 0; index < keys; index += 1) await crashOneKey();
    }
    const keys = Math.ceil(KILLS_PER_STORE / KILLS_PER_KEY);
    const perLane = Array.from({ length: LANES }, (_, index) => Math.floor((keys + LANES - 1 - index) / LANES));
    const started = Date.now();
    await Promise.all(perLane.map(lane));
    const seconds = (Date.now() - started) / 1000;
    console.log(`${kind}: ${killed} SIGKILLs over ${finished.length} keys in ${seconds.toFixed(1)} s`, kills);

    expect(killed).toBeGreaterThanOrEqual(KILLS_PER_STORE);
    for (const point of KILL_POINTS.filter((p) => p !== 'random')) expect(kills[point]).toBeGreaterThan(0);
    const instances = fake.resources('ec2').slice(instancesBefore);
    // Exactly one instance per key, made with that key's token, and no other.
    expect(instances).toHaveLength(finished.length);
    for (const { token, instanceId } of finished) {
      expect(instances.filter((instance) => instance.clientToken === token).map((i) => i.instanceId)).toEqual([instanceId]);
      expect((await record(token))?.status).toBe('succeeded');
    }
    expect(new Set(finished.map((entry) => entry.token)).size).toBe(finished.length);

    // The store remembers each key's parameters across the crashes: other parameters stop locally.
    const probe = finished[0] as (typeof finished)[number];
    const changed = await runChild(probe.key, 'none', INSTANCE_TYPES[1]);
    expect(changed).toEqual({ kind: 'result', value: { outcome: 'mismatch', token: probe.token } });
    expect(fake.resources('ec2').length - instancesBefore).toBe(finished.length);
  }, CRASH_TEST_TIMEOUT_MS);
});
