import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { EC2Client, RunInstancesCommand, type RunInstancesCommandInput } from '@aws-sdk/client-ec2';
import { CreateResourceShareCommand, RAMClient } from '@aws-sdk/client-ram';
import { idempotencyPlugin, runWithIdempotencyKey, type IdempotencyPluginOptions } from '@retrysafe/aws';
import { findTokenMember } from '@retrysafe/core';
import { startFakeAws, type FakeAwsServer } from '@retrysafe/fake-aws';
import fc from 'fast-check';
import { BUILD_HOOK_TIMEOUT_MS, ensureBuiltCli, runCli, STACK_FRAME } from './support/built-cli.js';

// `retrysafe token` must print the very token the plugin sends for the same
// key: each case sends a keyed call through a real SDK client with the plugin
// to fake-aws, reads the token fake-aws received, and runs the built CLI.

const CREDENTIALS = { accessKeyId: 'AKIDCLITEST', secretAccessKey: 'cli-test-secret' };
const ACCOUNT = '123456789012';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CLOUDFORMATION_TOKEN = /^[a-zA-Z0-9][-a-zA-Z0-9]*$/;
/** CLI runs per property: each starts a Node process. */
const PROPERTY_RUNS = 8;

interface KeyedCall {
  readonly region: string;
  readonly key: string;
  /** How many identical calls to send under the key; the last one's token is read. */
  readonly sends?: number;
  readonly plugin?: IdempotencyPluginOptions;
  readonly account?: string;
}

interface Send {
  readonly service: 'ec2' | 'cloudformation' | 'ram';
  readonly operation: string;
  readonly send: (call: KeyedCall) => Promise<void>;
}

let server: FakeAwsServer;
let counter = 0;

beforeAll(async () => {
  await ensureBuiltCli();
  server = await startFakeAws({ seed: 1 });
}, BUILD_HOOK_TIMEOUT_MS);

afterAll(async () => {
  await server?.close();
});

function clientConfig(call: KeyedCall) {
  return {
    endpoint: server.endpoint,
    region: call.region,
    credentials: call.account === undefined ? CREDENTIALS : { ...CREDENTIALS, accountId: call.account },
    maxAttempts: 1,
  };
}

/** The part of any SDK client the plugin needs. */
interface PluggableClient {
  readonly middlewareStack: { use(pluggable: ReturnType<typeof idempotencyPlugin>): void };
  destroy(): void;
}

/** Sends `sends` (default 1) keyed calls through `client` with the plugin, then destroys it. */
async function keyed(client: PluggableClient, call: KeyedCall, sendOnce: () => Promise<unknown>): Promise<void> {
  client.middlewareStack.use(idempotencyPlugin(call.plugin));
  try {
    await runWithIdempotencyKey(call.key, async () => {
      for (let i = 0; i < (call.sends ?? 1); i += 1) await sendOnce();
    });
  } finally {
    client.destroy();
  }
}

function runInstances(extra: Partial<RunInstancesCommandInput> = {}): Send {
  return {
    service: 'ec2',
    operation: 'RunInstances',
    send: (call) => {
      const ec2 = new EC2Client(clientConfig(call));
      return keyed(ec2 as unknown as PluggableClient, call, () =>
        ec2.send(new RunInstancesCommand({ ImageId: 'ami-12345678', InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, ...extra })),
      );
    },
  };
}

const createStack: Send = {
  service: 'cloudformation',
  operation: 'CreateStack',
  send: (call) => {
    const name = `cli-stack-${(counter += 1)}`;
    const cloudFormation = new CloudFormationClient(clientConfig(call));
    return keyed(cloudFormation as unknown as PluggableClient, call, () =>
      cloudFormation.send(new CreateStackCommand({ StackName: name, TemplateBody: '{"Resources":{}}' })),
    );
  },
};

const createResourceShare: Send = {
  service: 'ram',
  operation: 'CreateResourceShare',
  send: (call) => {
    const name = `cli-share-${(counter += 1)}`;
    const ram = new RAMClient(clientConfig(call));
    return keyed(ram as unknown as PluggableClient, call, () => ram.send(new CreateResourceShareCommand({ name })));
  },
};

/** The token fake-aws received last. */
function lastWireToken(): string {
  const token = server.requests().at(-1)?.token;
  if (token === undefined) throw new Error('fake-aws received no token');
  return token;
}

async function cliToken(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const result = await runCli(['token', ...args], env);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  const lines = result.stdout.split('\n');
  expect(lines).toHaveLength(2); // the token and the final newline: fit for "$(...)"
  return lines[0] as string;
}

describe('retrysafe token: the token the plugin sends', () => {
  const cases: ReadonlyArray<{ name: string; via: Send; call: KeyedCall; flags: string[]; env?: NodeJS.ProcessEnv }> = [
    { name: 'EC2 RunInstances, Regional', via: runInstances(), call: { region: 'eu-west-1', key: 'deploy-42' }, flags: [] },
    {
      name: 'EC2 RunInstances in an Availability Zone',
      via: runInstances({ Placement: { AvailabilityZone: 'eu-west-1b' } }),
      call: { region: 'eu-west-1', key: 'deploy-42' },
      flags: ['--zone', 'eu-west-1b'],
    },
    {
      name: 'EC2 RunInstances in a subnet',
      via: runInstances({ SubnetId: 'subnet-0abc' }),
      call: { region: 'eu-west-1', key: 'deploy-42' },
      flags: ['--subnet', 'subnet-0abc'],
    },
    {
      name: 'EC2 RunInstances, the third of one key, in an account, namespaced, with a secret',
      via: runInstances(),
      call: { region: 'us-west-2', key: 'order 7/ä', sends: 3, account: ACCOUNT, plugin: { namespace: 'billing', secret: 's3cr3t' } },
      flags: ['--occurrence', '2', '--account', ACCOUNT, '--namespace', 'billing', '--secret-env', 'APP_SECRET'],
      env: { APP_SECRET: 's3cr3t' },
    },
    { name: 'CloudFormation CreateStack', via: createStack, call: { region: 'eu-central-1', key: 'stack-v2' }, flags: [] },
    { name: 'RAM CreateResourceShare', via: createResourceShare, call: { region: 'ap-southeast-2', key: 'share-1' }, flags: [] },
  ];

  it.each(cases)('$name', async ({ via, call, flags, env }) => {
    await via.send(call);
    const onWire = lastWireToken();
    const printed = await cliToken(
      ['--service', via.service, '--operation', via.operation, '--key', call.key, '--region', call.region, ...flags],
      env,
    );
    expect(printed).toBe(onWire);
  });

  it('takes the Region from AWS_REGION, then AWS_DEFAULT_REGION', async () => {
    const call = { region: 'sa-east-1', key: 'from-env' };
    await runInstances().send(call);
    const onWire = lastWireToken();
    const args = ['--service', 'EC2', '--operation', 'RunInstances', '--key', call.key];
    expect(await cliToken(args, { AWS_REGION: 'sa-east-1', AWS_DEFAULT_REGION: 'us-east-1' })).toBe(onWire);
    expect(await cliToken(args, { AWS_DEFAULT_REGION: 'sa-east-1' })).toBe(onWire);
  });

  it('agrees with the plugin for arbitrary keys, services and Regions', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(runInstances(), createStack, createResourceShare),
        // Any text a shell can pass as one argument (no NUL), spaces and quotes included.
        fc.string({ minLength: 1, maxLength: 60, unit: 'grapheme' }).filter((key) => !key.includes('\u0000')),
        fc.constantFrom('us-east-1', 'eu-west-3', 'ap-northeast-1'),
        async (via, key, region) => {
          await via.send({ region, key });
          const onWire = lastWireToken();
          expect(await cliToken(['--service', via.service, '--operation', via.operation, '--key', key, '--region', region])).toBe(onWire);
        },
      ),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('gives another token for another key, Region, zone or occurrence', async () => {
    const base = ['--service', 'ec2', '--operation', 'RunInstances', '--key', 'k1', '--region', 'eu-west-1'];
    const tokens = await Promise.all(
      [base, [...base.slice(0, 5), 'k2', ...base.slice(6)], [...base.slice(0, 7), 'eu-west-2'], [...base, '--zone', 'eu-west-1a'], [...base, '--occurrence', '1']].map(
        (args) => cliToken(args),
      ),
    );
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('prints the member, scope and binding key with --json', async () => {
    const result = await runCli(['token', '--service', 'ec2', '--operation', 'RunInstances', '--key', 'k', '--region', 'eu-west-1', '--zone', 'eu-west-1a', '--json']);
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(printed).toMatchObject({
      kind: 'derived',
      service: 'EC2',
      operation: 'RunInstances',
      member: 'ClientToken',
      trait: true,
      key: 'k',
      scope: 'region:eu-west-1/az:eu-west-1a',
      occurrence: 0,
      namespace: 'retrysafe',
      secretEnv: null,
    });
    expect(printed['bindingKey']).toMatch(/^[0-9a-f]{64}$/);
    expect(printed['token']).toBe(await cliToken(['--service', 'ec2', '--operation', 'RunInstances', '--key', 'k', '--region', 'eu-west-1', '--zone', 'eu-west-1a']));
  });
});

describe('retrysafe token --random', () => {
  it('prints a fresh token that fits the member, every time another', async () => {
    const cloudFormation = await Promise.all([1, 2].map(() => cliToken(['--random', '--service', 'cloudformation', '--operation', 'CreateStack'])));
    expect(cloudFormation[0]).not.toBe(cloudFormation[1]);
    for (const token of cloudFormation) {
      expect(token).toMatch(CLOUDFORMATION_TOKEN);
      expect(token.length).toBeLessThanOrEqual(128);
    }
    expect(await cliToken(['--random', '--service', 'ec2', '--operation', 'RunInstances'])).toMatch(UUID);
    // ACM: 1..32 characters of \w, which a UUID breaks.
    const acm = findTokenMember('acm', 'RequestCertificate');
    expect(acm?.limits).toEqual({ minLength: 1, maxLength: 32, pattern: '^\\w+$' });
    expect(await cliToken(['--random', '--service', 'acm', '--operation', 'RequestCertificate'])).toMatch(/^\w{1,32}$/);
  });

  it('is accepted by the service as a token', async () => {
    const token = await cliToken(['--random', '--service', 'ram', '--operation', 'CreateResourceShare']);
    const ram = new RAMClient(clientConfig({ region: 'us-east-1', key: 'unused' }));
    try {
      const out = await ram.send(new CreateResourceShareCommand({ name: 'random-token-share', clientToken: token }));
      expect(out.clientToken).toBe(token);
    } finally {
      ram.destroy();
    }
  });

  it('with --json says what it is', async () => {
    const result = await runCli(['token', '--random', '--service', 'CloudFormationClient', '--operation', 'CreateStack', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      kind: 'random',
      service: 'CloudFormation',
      operation: 'CreateStack',
      member: 'ClientRequestToken',
      trait: false,
      length: { min: 1, max: 128 },
      pattern: '^[a-zA-Z0-9][-a-zA-Z0-9]*$',
    });
  });
});

describe('retrysafe token: bad flags', () => {
  const keyed = ['--service', 'ec2', '--operation', 'RunInstances', '--key', 'k', '--region', 'eu-west-1'];
  it.each([
    ['no --service', '--service', ['--operation', 'RunInstances', '--key', 'k'], {}],
    ['no --operation', '--operation', ['--service', 'ec2', '--key', 'k'], {}],
    ['an unknown service', '--service', ['--service', 'ec3', '--operation', 'RunInstances', '--key', 'k', '--region', 'r'], {}],
    ['an operation without a token', '--operation', ['--service', 'ec2', '--operation', 'DescribeInstances', '--key', 'k', '--region', 'r'], {}],
    ['no --key and no --random', '--key', ['--service', 'ec2', '--operation', 'RunInstances', '--region', 'r'], {}],
    ['an empty --key', '--key', ['--service', 'ec2', '--operation', 'RunInstances', '--key', '', '--region', 'r'], {}],
    ['an overlong --key', '--key', ['--service', 'ec2', '--operation', 'RunInstances', '--key', 'k'.repeat(1025), '--region', 'r'], {}],
    ['no Region anywhere', '--region', ['--service', 'ec2', '--operation', 'RunInstances', '--key', 'k'], {}],
    ['--random with --key', '--random', ['--random', ...keyed], {}],
    ['--zone on a Regional operation', '--zone', ['--service', 'cloudformation', '--operation', 'CreateStack', '--key', 'k', '--region', 'r', '--zone', 'z'], {}],
    ['--subnet on a Regional operation', '--subnet', ['--service', 'ram', '--operation', 'CreateResourceShare', '--key', 'k', '--region', 'r', '--subnet', 's'], {}],
    ['a negative --occurrence', '--occurrence', [...keyed, '--occurrence', '-1'], {}],
    ['a fractional --occurrence', '--occurrence', [...keyed, '--occurrence', '1.5'], {}],
    ['a short --account', '--account', [...keyed, '--account', '1234'], {}],
    ['an empty --namespace', '--namespace', [...keyed, '--namespace', ''], {}],
    ['a --secret value', '--secret', [...keyed, '--secret', 'hunter2'], {}],
    ['an unset --secret-env variable', '--secret-env', [...keyed, '--secret-env', 'RETRYSAFE_TEST_UNSET'], {}],
    ['an empty --secret-env variable', '--secret-env', [...keyed, '--secret-env', 'EMPTY_SECRET'], { EMPTY_SECRET: '' }],
    ['an unknown flag', '--client-token', [...keyed, '--client-token'], {}],
  ] as const)('%s: exit 2, stderr names %s, nothing on stdout', async (_name, flag, args, env) => {
    const result = await runCli(['token', ...args], env);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(flag);
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });

  it('never echoes a secret given as a flag', async () => {
    const result = await runCli(['token', ...keyed, '--secret', 'hunter2']);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain('hunter2');
  });
});
