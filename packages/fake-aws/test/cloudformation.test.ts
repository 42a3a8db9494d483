import {
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  type CreateStackCommandInput,
} from '@aws-sdk/client-cloudformation';

import { clientsFor, EMPTY_TEMPLATE, rejectionOf, useFakeAws } from './support/clients.js';

// CloudFormation through the real SDK client: the operations, and the
// ClientRequestToken rules.

const fake = useFakeAws({ seed: 2 });

const create = (input: Partial<CreateStackCommandInput> = {}) =>
  fake.clients.cloudFormation.send(new CreateStackCommand({ StackName: 'app', TemplateBody: EMPTY_TEMPLATE, ...input }));
const describe_ = (StackName?: string) => fake.clients.cloudFormation.send(new DescribeStacksCommand({ StackName }));

describe('operations', () => {
  it('CreateStack returns a stack id that DescribeStacks shows complete, with parameters and tags', async () => {
    const { StackId } = await create({
      Parameters: [{ ParameterKey: 'Size', ParameterValue: 'small' }],
      Tags: [{ Key: 'team', Value: 'blue' }],
      Capabilities: ['CAPABILITY_IAM'],
    });
    expect(StackId).toMatch(/^arn:aws:cloudformation:us-east-1:123456789012:stack\/app\/[0-9a-f-]{36}$/);
    const { Stacks } = await describe_('app');
    expect(Stacks).toHaveLength(1);
    const stack = Stacks?.[0];
    expect(stack?.StackId).toBe(StackId);
    expect(stack?.StackStatus).toBe('CREATE_COMPLETE');
    expect(stack?.Parameters).toEqual([{ ParameterKey: 'Size', ParameterValue: 'small' }]);
    expect(stack?.Tags).toEqual([{ Key: 'team', Value: 'blue' }]);
    expect(stack?.Capabilities).toEqual(['CAPABILITY_IAM']);
    expect(stack?.CreationTime).toBeInstanceOf(Date);
  });

  it('DeleteStack deletes: the name is gone, the stack id still shows DELETE_COMPLETE', async () => {
    const { StackId } = await create();
    await fake.clients.cloudFormation.send(new DeleteStackCommand({ StackName: 'app' }));
    expect((await rejectionOf(describe_('app'))).name).toBe('ValidationError');
    const { Stacks } = await describe_(StackId);
    expect(Stacks?.[0]?.StackStatus).toBe('DELETE_COMPLETE');
    expect(Stacks?.[0]?.DeletionTime).toBeInstanceOf(Date);
    expect((await describe_()).Stacks).toEqual([]);
    // Deleting what is not there succeeds, as in CloudFormation.
    await fake.clients.cloudFormation.send(new DeleteStackCommand({ StackName: 'app' }));
  });

  it('a deleted stack name can be used again', async () => {
    await create();
    await fake.clients.cloudFormation.send(new DeleteStackCommand({ StackName: 'app' }));
    await create();
    expect(fake.server.resources('cloudformation').map((s) => s.status)).toEqual(['DELETE_COMPLETE', 'CREATE_COMPLETE']);
  });

  it('termination protection blocks DeleteStack', async () => {
    await create({ EnableTerminationProtection: true });
    const error = await rejectionOf(fake.clients.cloudFormation.send(new DeleteStackCommand({ StackName: 'app' })));
    expect(error.name).toBe('ValidationError');
    expect(fake.server.resources('cloudformation')[0]?.status).toBe('CREATE_COMPLETE');
  });

  it('answers bad input with ValidationError and creates nothing', async () => {
    for (const input of [
      { StackName: '1-starts-with-digit' },
      { TemplateBody: undefined },
      { TemplateURL: 'https://example.invalid/t.json' },
      { ClientRequestToken: '-bad-token' },
      { ClientRequestToken: 'x'.repeat(129) },
    ]) {
      const error = await rejectionOf(create(input));
      expect(error.name).toBe('ValidationError');
      expect(error.$fault).toBe('client');
    }
    expect(fake.server.resources('cloudformation')).toHaveLength(0);
  });
});

describe('ClientRequestToken rules', () => {
  it('an identical retry with the same token returns the same StackId and creates nothing', async () => {
    const input = { ClientRequestToken: 'create-1', Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] };
    const first = await create(input);
    const second = await create({ ...input, Tags: [{ Key: 'b', Value: '2' }, { Key: 'a', Value: '1' }] });
    expect(second.StackId).toBe(first.StackId);
    expect(fake.server.resources('cloudformation')).toHaveLength(1);
    expect(fake.server.stats().created.cloudformation).toBe(1);
  });

  it('the token reused for a different request: TokenAlreadyExistsException', async () => {
    await create({ ClientRequestToken: 'create-2' });
    const otherParams = await rejectionOf(create({ ClientRequestToken: 'create-2', Tags: [{ Key: 'x', Value: 'y' }] }));
    expect(otherParams.name).toBe('TokenAlreadyExistsException');
    expect((otherParams.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(400);
    const otherName = await rejectionOf(create({ ClientRequestToken: 'create-2', StackName: 'other' }));
    expect(otherName.name).toBe('TokenAlreadyExistsException');
    const otherOperation = await rejectionOf(
      fake.clients.cloudFormation.send(new DeleteStackCommand({ StackName: 'app', ClientRequestToken: 'create-2' })),
    );
    expect(otherOperation.name).toBe('TokenAlreadyExistsException');
    expect(fake.server.resources('cloudformation').map((s) => s.status)).toEqual(['CREATE_COMPLETE']);
  });

  it('no token: a second CreateStack with the same name fails with AlreadyExistsException', async () => {
    await create();
    const error = await rejectionOf(create());
    expect(error.name).toBe('AlreadyExistsException');
    expect(fake.server.resources('cloudformation')).toHaveLength(1);
  });

  it('no token, unique names: every CreateStack creates', async () => {
    await create({ StackName: 'one' });
    await create({ StackName: 'two' });
    expect(fake.server.resources('cloudformation')).toHaveLength(2);
  });

  it('a new token for a live stack name is a new request: AlreadyExistsException', async () => {
    await create({ ClientRequestToken: 'first' });
    expect((await rejectionOf(create({ ClientRequestToken: 'second' }))).name).toBe('AlreadyExistsException');
  });

  it('DeleteStack with a token is idempotent too', async () => {
    await create();
    await fake.clients.cloudFormation.send(new DeleteStackCommand({ StackName: 'app', ClientRequestToken: 'delete-1' }));
    await fake.clients.cloudFormation.send(new DeleteStackCommand({ StackName: 'app', ClientRequestToken: 'delete-1' }));
    expect(fake.server.stats().attemptsByToken['delete-1']).toBe(2);
    expect(fake.server.resources('cloudformation')[0]?.status).toBe('DELETE_COMPLETE');
  });

  it('stacks and tokens are per Region', async () => {
    const west = clientsFor(fake.server.endpoint, 'eu-west-1');
    try {
      const east = await create({ ClientRequestToken: 'regional' });
      const other = await west.cloudFormation.send(
        new CreateStackCommand({ StackName: 'app', TemplateBody: EMPTY_TEMPLATE, ClientRequestToken: 'regional' }),
      );
      expect(other.StackId).toMatch(/^arn:aws:cloudformation:eu-west-1:/);
      expect(other.StackId).not.toBe(east.StackId);
    } finally {
      west.destroy();
    }
  });
});
