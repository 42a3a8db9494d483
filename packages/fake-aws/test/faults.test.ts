import { CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeInstancesCommand, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateResourceShareCommand } from '@aws-sdk/client-ram';

import { FAULT_KINDS, spreadFaultRate, startFakeAws, type FaultConfig, type FaultKind } from '@retrysafe/fake-aws';

import { clientsFor, EMPTY_TEMPLATE, IMAGE_ID, rejectionOf, useFakeAws } from './support/clients.js';

// Every fault kind as the real SDK sees it (maxAttempts 1: no SDK retries),
// and the seeded generator's reproducibility.

const fake = useFakeAws({ seed: 4 });

const runInstances = (ClientToken: string) =>
  fake.clients.ec2.send(new RunInstancesCommand({ ClientToken, ImageId: IMAGE_ID, MinCount: 1, MaxCount: 1 }));
const createStack = (StackName: string) =>
  fake.clients.cloudFormation.send(new CreateStackCommand({ StackName, TemplateBody: EMPTY_TEMPLATE, ClientRequestToken: `${StackName}-token` }));
const createShare = (clientToken: string) =>
  fake.clients.ram.send(new CreateResourceShareCommand({ name: 'share', clientToken }));
const POLL_INTERVAL_MS = 20;
const POLL_LIMIT = 100;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const statusOf = (error: Record<string, unknown>) => (error.$metadata as { httpStatusCode?: number }).httpStatusCode;

describe('fault kinds through the SDK', () => {
  it('error-before: a 500 InternalError (or a 503 when asked) and nothing changed', async () => {
    fake.server.injectNext('error-before');
    const internal = await rejectionOf(runInstances('before-1'));
    expect(internal.name).toBe('InternalError');
    expect(internal.$fault).toBe('server');
    expect(statusOf(internal)).toBe(500);

    fake.server.injectNext('error-before', 1, { status: 503 });
    const unavailable = await rejectionOf(createShare('before-2'));
    expect(unavailable.name).toBe('ServiceUnavailableException');
    expect(statusOf(unavailable)).toBe(503);

    expect(fake.server.resources('ec2')).toHaveLength(0);
    expect(fake.server.resources('ram')).toHaveLength(0);
    expect(fake.server.stats().faults['error-before']).toBe(2);
  });

  it('error-after: a 500 after the change; the retry with the same token gets the original result', async () => {
    fake.server.injectNext('error-after');
    const error = await rejectionOf(runInstances('after-1'));
    expect(error.name).toBe('InternalError');
    expect(statusOf(error)).toBe(500);
    expect(fake.server.resources('ec2')).toHaveLength(1);

    const retry = await runInstances('after-1');
    expect(retry.Instances?.[0]?.InstanceId).toBe(fake.server.resources('ec2')[0]?.instanceId);
    expect(fake.server.resources('ec2')).toHaveLength(1);
    expect(fake.server.stats().attemptsByToken['after-1']).toBe(2);
  });

  it('reset-after: the change is made and the connection dies without a response', async () => {
    fake.server.injectNext('reset-after');
    const error = await rejectionOf(createStack('reset-stack'));
    expect(`${String(error.code)} ${error.message}`).toMatch(/ECONNRESET|socket hang up/);
    expect(statusOf(error)).toBeUndefined();
    expect(fake.server.resources('cloudformation')).toHaveLength(1);
    expect(fake.server.requests().at(-1)).toMatchObject({ operation: 'CreateStack', fault: 'reset-after', status: undefined });

    const retry = await createStack('reset-stack');
    expect(retry.StackId).toBe(fake.server.resources('cloudformation')[0]?.stackId);
  });

  it.each([
    ['ec2', 'RequestLimitExceeded', 503, () => runInstances('throttle-ec2')],
    ['cloudformation', 'Throttling', 400, () => createStack('throttle-stack')],
    ['ram', 'ThrottlingException', 429, () => createShare('throttle-ram')],
  ] as const)('throttle on %s: %s with status %d, nothing changed', async (service, name, status, call) => {
    fake.server.injectNext('throttle');
    const error = await rejectionOf(call());
    expect(error.name).toBe(name);
    expect(statusOf(error)).toBe(status);
    expect(fake.server.resources(service)).toHaveLength(0);
  });

  it('latency: the request waits, then succeeds', async () => {
    fake.server.setFaults({ latencyMs: 5 });
    fake.server.injectNext('latency');
    await runInstances('slow-1');
    expect(fake.server.requests().at(-1)).toMatchObject({ fault: 'latency', status: 200 });
    expect(fake.server.resources('ec2')).toHaveLength(1);
  });

  it('latency longer than the client waits: the SDK times out while the change still happens', async () => {
    const impatient = clientsFor(fake.server.endpoint, 'us-east-1', { requestTimeout: 20 });
    try {
      fake.server.setFaults({ latencyMs: 150 });
      fake.server.injectNext('latency');
      const error = await rejectionOf(
        impatient.ec2.send(new RunInstancesCommand({ ClientToken: 'slow-2', ImageId: IMAGE_ID, MinCount: 1, MaxCount: 1 })),
      );
      expect(error.name).toBe('TimeoutError');
      // The server finishes the delayed request on its own: wait (bounded) for the instance.
      for (let i = 0; i < POLL_LIMIT && fake.server.resources('ec2').length === 0; i += 1) await pause(POLL_INTERVAL_MS);
      expect(fake.server.resources('ec2').map((r) => r.clientToken)).toEqual(['slow-2']);
    } finally {
      impatient.destroy();
    }
  });

  it.each([
    ['ec2', () => runInstances('garbage-ec2')],
    ['cloudformation', () => createStack('garbage-stack')],
    ['ram', () => createShare('garbage-ram')],
  ] as const)('garbage on %s: a 200 the SDK cannot parse, after the change', async (service, call) => {
    fake.server.injectNext('garbage');
    const error = await rejectionOf(call());
    expect(statusOf(error)).toBe(200);
    expect(error.message).toMatch(/Deserialization error|Unexpected end of JSON|parse/i);
    expect(fake.server.resources(service)).toHaveLength(1);
  });
});

describe('choosing which requests get faults', () => {
  it('a scripted fault can wait for a given operation', async () => {
    fake.server.injectNext('throttle', 2, { operation: 'CreateStack' });
    await fake.clients.cloudFormation.send(new DescribeStacksCommand({}));
    expect((await rejectionOf(createStack('scripted-a'))).name).toBe('Throttling');
    expect((await rejectionOf(createStack('scripted-a'))).name).toBe('Throttling');
    await createStack('scripted-a');
    expect(fake.server.requests().map((r) => r.fault)).toEqual([undefined, 'throttle', 'throttle', undefined]);
  });

  it('random faults can be limited to some operations', async () => {
    fake.server.setFaults({ rates: { 'error-before': 1 }, operations: ['RunInstances'] });
    await fake.clients.ec2.send(new DescribeInstancesCommand({}));
    expect((await rejectionOf(runInstances('limited'))).name).toMatch(/^(InternalError|ServiceUnavailable)$/);
  });

  it('setFaults rejects bad configurations and keeps the old one', async () => {
    fake.server.setFaults({ rates: { throttle: 1 } });
    expect(() => fake.server.setFaults({ rates: { throttle: 0.6, garbage: 0.6 } })).toThrow(RangeError);
    expect(() => fake.server.setFaults({ rates: { throttle: -0.1 } })).toThrow(RangeError);
    expect(() => fake.server.setFaults(JSON.parse('{"rates": {"no-such-kind": 0.1}}') as FaultConfig)).toThrow(RangeError);
    expect(() => fake.server.setFaults({ latencyMs: -1 })).toThrow(RangeError);
    expect(() => fake.server.injectNext('garbage', 0)).toThrow(RangeError);
    expect(() => fake.server.injectNext('nope' as FaultKind)).toThrow(RangeError);
    expect((await rejectionOf(runInstances('still-throttled'))).name).toBe('RequestLimitExceeded');
  });

  it('spreadFaultRate shares a total rate equally between kinds', () => {
    const rates = spreadFaultRate(0.3, ['throttle', 'garbage', 'error-after']).rates ?? {};
    expect(Object.keys(rates)).toEqual(['throttle', 'garbage', 'error-after']);
    for (const rate of Object.values(rates)) expect(rate).toBeCloseTo(0.1);
    expect(Object.keys(spreadFaultRate(0.6).rates ?? {})).toEqual([...FAULT_KINDS]);
    expect(() => spreadFaultRate(1.5)).toThrow(RangeError);
  });
});

describe('seeded reproducibility', () => {
  const REQUESTS = 60;
  const faultSequence = async (seed: number): Promise<(FaultKind | undefined)[]> => {
    const seeded = await startFakeAws({ seed, faults: { rates: { 'error-before': 0.2, throttle: 0.2, 'error-after': 0.2 } } });
    const sdk = clientsFor(seeded.endpoint);
    try {
      for (let i = 0; i < REQUESTS; i += 1) {
        await sdk.ec2.send(new DescribeInstancesCommand({})).catch(() => undefined);
      }
      return seeded.requests().map((r) => r.fault);
    } finally {
      sdk.destroy();
      await seeded.close();
    }
  };

  it('the same seed gives the same fault sequence; another seed another one', async () => {
    const first = await faultSequence(42);
    const again = await faultSequence(42);
    const other = await faultSequence(43);
    expect(first).toHaveLength(REQUESTS);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    // About 60% of requests get one of the three kinds; a broken generator would not.
    const faulted = first.filter((f) => f !== undefined).length;
    expect(faulted).toBeGreaterThan(REQUESTS * 0.35);
    expect(faulted).toBeLessThan(REQUESTS * 0.85);
    expect(new Set(first.filter((f) => f !== undefined))).toEqual(new Set(['error-before', 'throttle', 'error-after']));
  });

  it('reset() restarts the sequence from the seed', async () => {
    fake.server.setFaults({ rates: { throttle: 0.5 } });
    const run = async () => {
      for (let i = 0; i < 20; i += 1) await fake.clients.ec2.send(new DescribeInstancesCommand({})).catch(() => undefined);
      return fake.server.requests().map((r) => r.fault);
    };
    const first = await run();
    fake.server.reset();
    expect(await run()).toEqual(first);
    expect(first).toContain('throttle');
    expect(first).toContain(undefined);
  });
});
