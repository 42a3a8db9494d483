import fc from 'fast-check';

import {
  CreateResourceShareCommand,
  GetResourceSharesCommand,
  type CreateResourceShareCommandInput,
  type GetResourceSharesCommandInput,
  type ResourceOwner,
} from '@aws-sdk/client-ram';

import { OTHER_ACCOUNT, rejectionOf, SUBNET_ARN, useFakeAws } from './support/clients.js';

// RAM through the real SDK client: the operations, and the clientToken rules.

const fake = useFakeAws({ seed: 3 });

const OTHER_SUBNET_ARN = 'arn:aws:ec2:us-east-1:123456789012:subnet/subnet-87654321';

const share = (input: Partial<CreateResourceShareCommandInput> = {}) =>
  fake.clients.ram.send(
    new CreateResourceShareCommand({ name: 'shared-subnets', resourceArns: [SUBNET_ARN], principals: [OTHER_ACCOUNT], ...input }),
  );
const list = (input: Partial<GetResourceSharesCommandInput> = {}) =>
  fake.clients.ram.send(new GetResourceSharesCommand({ resourceOwner: 'SELF', ...input }));

describe('operations', () => {
  it('CreateResourceShare returns the share and the token; GetResourceShares lists it', async () => {
    const out = await share({ clientToken: 'share-1', tags: [{ key: 'team', value: 'blue' }] });
    expect(out.clientToken).toBe('share-1');
    const created = out.resourceShare;
    expect(created?.resourceShareArn).toMatch(/^arn:aws:ram:us-east-1:123456789012:resource-share\/[0-9a-f-]{36}$/);
    expect(created?.name).toBe('shared-subnets');
    expect(created?.status).toBe('ACTIVE');
    expect(created?.owningAccountId).toBe(fake.server.accountId);
    expect(created?.tags).toEqual([{ key: 'team', value: 'blue' }]);
    expect(created?.creationTime).toBeInstanceOf(Date);

    const { resourceShares } = await list();
    expect(resourceShares?.map((s) => s.resourceShareArn)).toEqual([created?.resourceShareArn]);
    expect((await list({ resourceOwner: 'OTHER-ACCOUNTS' })).resourceShares).toEqual([]);
    expect((await list({ name: 'something-else' })).resourceShares).toEqual([]);
    expect(fake.server.resources('ram')[0]?.principals).toEqual([OTHER_ACCOUNT]);
  });

  it('GetResourceShares pages with maxResults and nextToken', async () => {
    for (const name of ['a', 'b', 'c']) await share({ name });
    const first = await list({ maxResults: 2 });
    expect(first.resourceShares?.map((s) => s.name)).toEqual(['a', 'b']);
    const second = await list({ maxResults: 2, nextToken: first.nextToken });
    expect(second.resourceShares?.map((s) => s.name)).toEqual(['c']);
    expect(second.nextToken).toBeUndefined();
  });

  it('answers bad input with the RAM error codes', async () => {
    expect((await rejectionOf(list({ resourceOwner: 'BAD' as ResourceOwner }))).name).toBe('InvalidParameterException');
    expect((await rejectionOf(share({ resourceArns: ['not-an-arn'] }))).name).toBe('MalformedArnException');
    expect((await rejectionOf(share({ principals: ['someone'] }))).name).toBe('InvalidParameterException');
    expect((await rejectionOf(share({ name: '' }))).name).toBe('MissingRequiredParameterException');
    expect((await rejectionOf(list({ maxResults: 0 }))).name).toBe('InvalidMaxResultsException');
    expect(fake.server.resources('ram')).toHaveLength(0);
  });
});

describe('clientToken rules', () => {
  it('same token and same parameters: the original share, nothing new', async () => {
    const first = await share({ clientToken: 'same', resourceArns: [SUBNET_ARN, OTHER_SUBNET_ARN] });
    // The order of resourceArns does not make a request different.
    const second = await share({ clientToken: 'same', resourceArns: [OTHER_SUBNET_ARN, SUBNET_ARN] });
    expect(second.resourceShare?.resourceShareArn).toBe(first.resourceShare?.resourceShareArn);
    expect(second.clientToken).toBe('same');
    expect(fake.server.resources('ram')).toHaveLength(1);
    expect(fake.server.stats().attemptsByToken['same']).toBe(2);
  });

  it('same token, other parameters: IdempotentParameterMismatchException', async () => {
    await share({ clientToken: 'mismatch' });
    const error = await rejectionOf(share({ clientToken: 'mismatch', name: 'renamed' }));
    expect(error.name).toBe('IdempotentParameterMismatchException');
    expect(error.$fault).toBe('client');
    expect((error.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(400);
    expect(fake.server.resources('ram')).toHaveLength(1);
  });

  it('no token: every call creates a share (RAM has no SDK-filled token), each with its own made-up token', async () => {
    const a = await share();
    const b = await share();
    expect(a.resourceShare?.resourceShareArn).not.toBe(b.resourceShare?.resourceShareArn);
    expect(a.clientToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.clientToken).not.toBe(b.clientToken);
    expect(fake.server.resources('ram')).toHaveLength(2);
    // The returned token makes a repeat idempotent.
    const repeat = await share({ clientToken: a.clientToken as string });
    expect(repeat.resourceShare?.resourceShareArn).toBe(a.resourceShare?.resourceShareArn);
    expect(fake.server.resources('ram')).toHaveLength(2);
  });

  it('any reordering of resourceArns, principals and tags is the same request; another name is not', async () => {
    const subnetArn = fc.stringMatching(/^[0-9a-f]{8}$/).map((id) => `arn:aws:ec2:us-east-1:123456789012:subnet/subnet-${id}`);
    const account = fc.stringMatching(/^[0-9]{12}$/);
    const tag = fc.record({ key: fc.stringMatching(/^[a-z]{1,8}$/), value: fc.string({ maxLength: 8 }) });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(subnetArn, { minLength: 1, maxLength: 4 }),
        fc.uniqueArray(account, { minLength: 1, maxLength: 3 }),
        fc.uniqueArray(tag, { maxLength: 3, selector: (t) => t.key }),
        async (resourceArns, principals, tags) => {
          run += 1;
          const clientToken = `property-${run}`;
          const first = await share({ clientToken, resourceArns, principals, tags });
          const reordered = await share({
            clientToken,
            resourceArns: [...resourceArns].reverse(),
            principals: [...principals].reverse(),
            tags: [...tags].reverse(),
          });
          expect(reordered.resourceShare?.resourceShareArn).toBe(first.resourceShare?.resourceShareArn);
          const renamed = await rejectionOf(share({ clientToken, resourceArns, principals, tags, name: 'other-name' }));
          expect(renamed.name).toBe('IdempotentParameterMismatchException');
          expect(fake.server.resources('ram')).toHaveLength(run);
        },
      ),
      { numRuns: 15 },
    );
  });
});
