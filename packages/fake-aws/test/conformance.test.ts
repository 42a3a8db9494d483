import { CreateStackCommand, DeleteStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeInstancesCommand, RunInstancesCommand, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateResourceShareCommand, GetResourceSharesCommand, type ResourceOwner } from '@aws-sdk/client-ram';

import { startFakeAws, type FakeAwsServer } from '@retrysafe/fake-aws';

import { clientsFor, EMPTY_TEMPLATE, IMAGE_ID, OTHER_ACCOUNT, rejectionOf, SUBNET_ARN, type Clients } from './support/clients.js';
import { motoVersion, startMoto, type MotoServer } from './support/moto.js';
import { compareShapes, shapeOf, type Shape } from './support/shape.js';

// Conformance against moto, a fake of AWS that nobody here wrote: the same
// calls, with the same real SDK clients, against moto and against fake-aws.
//
// What is compared, per call, on what the SDK returns:
// - the shape: every key path that holds a value (list items share `list[]`)
//   with its type (string, number, boolean, date, array, object), $metadata
//   included. Paths both fill must have the same type. A path only one side
//   fills fails the test unless it is listed below with the reason.
// - a few values that must agree: states, stack status, share status, and,
//   for the error cases, the error name, $fault and HTTP status.
// Ids, ARNs, timestamps and request ids differ by nature and are not compared.
//
// Where moto cannot serve a call: moto 5.2.1 has no `client-token` filter for
// DescribeInstances (it answers 500). The fake's answer to that call is then
// compared with moto's answer to DescribeInstances by InstanceIds: the same
// operation, so the same output shape.
//
// CI (CI=true) must run this: without a working moto the suite fails with the
// reason. Elsewhere it is skipped when moto is not installed.

const moto = motoVersion();
const inCi = process.env.CI === 'true';
const describeWithMoto = 'version' in moto || inCi ? describe : describe.skip;
if (!('version' in moto) && !inCi) {
  process.stderr.write(`conformance.test.ts skipped: ${moto.problem}\n`);
}

/** Details of an instance moto models and the fake does not (networking, storage, metadata service). */
const MOTO_ONLY_INSTANCE_DETAILS = [
  'NetworkInterfaces',
  'BlockDeviceMappings[]',
  'MetadataOptions',
  'HibernationOptions',
  'StateReason',
  'SriovNetSupport',
  'KernelId',
  'PublicIpAddress',
];
const instanceDetails = (prefix: string) => MOTO_ONLY_INSTANCE_DETAILS.map((d) => `${prefix}.${d}`);

/** Members real RAM returns that moto leaves out: the token (documented in CreateResourceShare's output), tags and featureSet. */
const FAKE_ONLY_SHARE_CREATE = ['clientToken', 'resourceShare.tags', 'resourceShare.featureSet'];
const FAKE_ONLY_SHARE_LIST = ['resourceShares[].tags'];

interface Observed {
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly errors: Readonly<Record<string, ErrorFacts>>;
  /** True when the target could not serve DescribeInstances with the client-token filter. */
  readonly clientTokenFilterUnsupported: boolean;
}

interface ErrorFacts {
  readonly name: string;
  readonly fault: unknown;
  readonly status: number | undefined;
  readonly hasMessage: boolean;
}

async function errorFacts(call: Promise<unknown>): Promise<ErrorFacts> {
  const error = await rejectionOf(call);
  return {
    name: error.name,
    fault: error.$fault,
    status: (error.$metadata as { httpStatusCode?: number } | undefined)?.httpStatusCode,
    hasMessage: typeof error.message === 'string' && error.message.length > 0,
  };
}

/** The same calls, with the same inputs, against one target. */
async function observe(clients: Clients, run: string): Promise<Observed> {
  const outputs: Record<string, unknown> = {};
  const errors: Record<string, ErrorFacts> = {};

  const clientToken = `conformance-${run}`;
  outputs.runInstances = await clients.ec2.send(
    new RunInstancesCommand({
      ClientToken: clientToken,
      ImageId: IMAGE_ID,
      InstanceType: 't3.micro',
      MinCount: 1,
      MaxCount: 1,
      Placement: { AvailabilityZone: 'us-east-1a' },
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'purpose', Value: 'conformance' }] }],
    }),
  );
  const instanceId = (outputs.runInstances as { Instances: { InstanceId: string }[] }).Instances[0]?.InstanceId as string;
  outputs.describeById = await clients.ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  let clientTokenFilterUnsupported = false;
  try {
    outputs.describeByToken = await clients.ec2.send(
      new DescribeInstancesCommand({ Filters: [{ Name: 'client-token', Values: [clientToken] }] }),
    );
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 500) throw error;
    clientTokenFilterUnsupported = true;
    outputs.describeByToken = outputs.describeById;
  }
  outputs.terminateInstances = await clients.ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));

  const stackName = `conformance-${run}`;
  const template = JSON.stringify({ Parameters: { Env: { Type: 'String' } }, ...JSON.parse(EMPTY_TEMPLATE) });
  outputs.createStack = await clients.cloudFormation.send(
    new CreateStackCommand({
      StackName: stackName,
      TemplateBody: template,
      Parameters: [{ ParameterKey: 'Env', ParameterValue: 'test' }],
      Tags: [{ Key: 'purpose', Value: 'conformance' }],
      ClientRequestToken: `token-${run}`,
    }),
  );
  outputs.describeStacks = await clients.cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
  outputs.deleteStack = await clients.cloudFormation.send(new DeleteStackCommand({ StackName: stackName }));

  outputs.createResourceShare = await clients.ram.send(
    new CreateResourceShareCommand({
      name: `conformance-${run}`,
      clientToken: `share-${run}`,
      resourceArns: [SUBNET_ARN],
      principals: [OTHER_ACCOUNT],
      tags: [{ key: 'purpose', value: 'conformance' }],
    }),
  );
  outputs.getResourceShares = await clients.ram.send(new GetResourceSharesCommand({ resourceOwner: 'SELF' }));

  errors.instanceNotFound = await errorFacts(
    clients.ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] })),
  );
  errors.deletedStackByName = await errorFacts(clients.cloudFormation.send(new DescribeStacksCommand({ StackName: stackName })));
  const duplicate = new CreateStackCommand({ StackName: `twice-${run}`, TemplateBody: EMPTY_TEMPLATE });
  await clients.cloudFormation.send(duplicate);
  errors.stackAlreadyExists = await errorFacts(clients.cloudFormation.send(duplicate));
  errors.badResourceOwner = await errorFacts(
    clients.ram.send(new GetResourceSharesCommand({ resourceOwner: 'NOBODY' as ResourceOwner })),
  );
  return { outputs, errors, clientTokenFilterUnsupported };
}

describe('the shape comparison', () => {
  it('catches a type difference and an unexplained path on either side', () => {
    const fake = shapeOf({ a: 1, b: [{ c: 'x' }], only: true });
    const peer = shapeOf({ a: '1', b: [{ c: 'y' }, { c: 'z' }], other: new Date() });
    expect(compareShapes(fake, peer)).toEqual({ typeMismatches: ['a: number vs string'], onlyInFake: ['only'], onlyInPeer: ['other'] });
    expect(compareShapes(fake, peer, { fakeOnly: ['only'], peerOnly: ['other'] }).onlyInPeer).toEqual([]);
  });
});

describeWithMoto('conformance with moto', () => {
  let motoServer: MotoServer | undefined;
  let fake: FakeAwsServer | undefined;
  let viaMoto: Observed;
  let viaFake: Observed;

  beforeAll(async () => {
    if (!('version' in moto)) {
      throw new Error(`CI must run the moto conformance test, but moto is not usable: ${moto.problem}`);
    }
    motoServer = await startMoto(moto.version);
    fake = await startFakeAws({ seed: 99 });
    const motoClients = clientsFor(motoServer.endpoint);
    const fakeClients = clientsFor(fake.endpoint);
    try {
      viaMoto = await observe(motoClients, 'moto');
      viaFake = await observe(fakeClients, 'fake');
    } finally {
      motoClients.destroy();
      fakeClients.destroy();
    }
  }, 90_000);

  afterAll(async () => {
    await fake?.close();
    await motoServer?.stop();
  });

  const expectSameShape = (call: string, allowed: { fakeOnly?: string[]; peerOnly?: string[] } = {}) => {
    const shapes: [Shape, Shape] = [shapeOf(viaFake.outputs[call]), shapeOf(viaMoto.outputs[call])];
    expect(compareShapes(...shapes, allowed)).toEqual({ typeMismatches: [], onlyInFake: [], onlyInPeer: [] });
  };

  it('RunInstances', () => {
    expectSameShape('runInstances', { peerOnly: instanceDetails('Instances[]') });
    for (const observed of [viaFake, viaMoto]) {
      const out = observed.outputs.runInstances as { Instances: { State: { Name: string }; ClientToken: string }[] };
      expect(out.Instances[0]?.State.Name).toBe('pending');
      expect(out.Instances[0]?.ClientToken).toMatch(/^conformance-/);
    }
  });

  it('DescribeInstances by InstanceIds', () => {
    expectSameShape('describeById', { peerOnly: instanceDetails('Reservations[].Instances[]') });
  });

  it('DescribeInstances with the client-token filter (moto: see the note on top)', () => {
    expect(viaFake.clientTokenFilterUnsupported).toBe(false);
    expectSameShape('describeByToken', { peerOnly: instanceDetails('Reservations[].Instances[]') });
  });

  it('TerminateInstances', () => {
    expectSameShape('terminateInstances');
    for (const observed of [viaFake, viaMoto]) {
      expect(observed.outputs.terminateInstances).toMatchObject({
        TerminatingInstances: [{ CurrentState: { Name: 'shutting-down' }, PreviousState: { Name: 'running' } }],
      });
    }
  });

  it('CreateStack, DescribeStacks, DeleteStack', () => {
    expectSameShape('createStack');
    expectSameShape('describeStacks');
    expectSameShape('deleteStack');
    for (const observed of [viaFake, viaMoto]) {
      expect(observed.outputs.describeStacks).toMatchObject({
        Stacks: [{ StackStatus: 'CREATE_COMPLETE', Parameters: [{ ParameterKey: 'Env', ParameterValue: 'test' }], Tags: [{ Key: 'purpose', Value: 'conformance' }] }],
      });
    }
  });

  it('CreateResourceShare and GetResourceShares', () => {
    expectSameShape('createResourceShare', { fakeOnly: FAKE_ONLY_SHARE_CREATE });
    expectSameShape('getResourceShares', { fakeOnly: FAKE_ONLY_SHARE_LIST });
    for (const observed of [viaFake, viaMoto]) {
      const created = observed.outputs.createResourceShare as { resourceShare: { resourceShareArn: string; status: string } };
      const listed = observed.outputs.getResourceShares as { resourceShares: { resourceShareArn: string }[] };
      expect(created.resourceShare.status).toBe('ACTIVE');
      expect(listed.resourceShares.map((s) => s.resourceShareArn)).toContain(created.resourceShare.resourceShareArn);
    }
  });

  it('errors: the same name, fault and status', () => {
    expect(viaFake.errors).toEqual(viaMoto.errors);
    expect(viaFake.errors).toEqual({
      instanceNotFound: { name: 'InvalidInstanceID.NotFound', fault: 'client', status: 400, hasMessage: true },
      deletedStackByName: { name: 'ValidationError', fault: 'client', status: 400, hasMessage: true },
      stackAlreadyExists: { name: 'AlreadyExistsException', fault: 'client', status: 400, hasMessage: true },
      badResourceOwner: { name: 'InvalidParameterException', fault: 'client', status: 400, hasMessage: true },
    });
  });
});
