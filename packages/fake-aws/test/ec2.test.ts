import {
  DescribeInstancesCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type RunInstancesCommandInput,
} from '@aws-sdk/client-ec2';

import { clientsFor, IMAGE_ID, rejectionOf, useFakeAws } from './support/clients.js';

// EC2 through the real SDK client: the operations, and RunInstances' token rules.

const fake = useFakeAws({ seed: 1 });

const launch = (input: Partial<RunInstancesCommandInput> = {}, client = fake.clients.ec2) =>
  client.send(new RunInstancesCommand({ ImageId: IMAGE_ID, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, ...input }));

describe('operations', () => {
  it('RunInstances returns a reservation with pending instances, tagged as asked', async () => {
    const out = await launch({
      ClientToken: 'run-1',
      MaxCount: 2,
      Placement: { AvailabilityZone: 'us-east-1b' },
      TagSpecifications: [
        { ResourceType: 'instance', Tags: [{ Key: 'app', Value: 'demo' }] },
        { ResourceType: 'volume', Tags: [{ Key: 'ignored', Value: 'x' }] },
      ],
    });
    expect(out.ReservationId).toMatch(/^r-[0-9a-f]{17}$/);
    expect(out.OwnerId).toBe(fake.server.accountId);
    expect(out.Instances).toHaveLength(2);
    for (const instance of out.Instances ?? []) {
      expect(instance.InstanceId).toMatch(/^i-[0-9a-f]{17}$/);
      expect(instance.State).toEqual({ Code: 0, Name: 'pending' });
      expect(instance.Placement?.AvailabilityZone).toBe('us-east-1b');
      expect(instance.ClientToken).toBe('run-1');
      expect(instance.Tags).toEqual([{ Key: 'app', Value: 'demo' }]);
      expect(instance.LaunchTime).toBeInstanceOf(Date);
    }
    expect(out.Instances?.map((i) => i.AmiLaunchIndex)).toEqual([0, 1]);
    expect(fake.server.stats().created.ec2).toBe(2);
  });

  it('DescribeInstances finds instances by client-token filter and by id, grouped by reservation', async () => {
    const first = await launch({ ClientToken: 'describe-a' });
    await launch({ ClientToken: 'describe-b' });
    const byToken = await fake.clients.ec2.send(
      new DescribeInstancesCommand({ Filters: [{ Name: 'client-token', Values: ['describe-a'] }] }),
    );
    expect(byToken.Reservations).toHaveLength(1);
    expect(byToken.Reservations?.[0]?.ReservationId).toBe(first.ReservationId);
    expect(byToken.Reservations?.[0]?.Instances?.[0]?.State?.Name).toBe('running');

    const id = first.Instances?.[0]?.InstanceId as string;
    const byId = await fake.clients.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
    expect(byId.Reservations?.flatMap((r) => r.Instances ?? []).map((i) => i.InstanceId)).toEqual([id]);

    const all = await fake.clients.ec2.send(new DescribeInstancesCommand({}));
    expect(all.Reservations).toHaveLength(2);
  });

  it('DescribeInstances filters by tag and state, with wildcards', async () => {
    await launch({ TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'team', Value: 'blue-1' }] }] });
    await launch({ TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'team', Value: 'red' }] }] });
    const blue = await fake.clients.ec2.send(
      new DescribeInstancesCommand({
        Filters: [
          { Name: 'tag:team', Values: ['blue-*'] },
          { Name: 'instance-state-name', Values: ['running'] },
        ],
      }),
    );
    expect(blue.Reservations?.flatMap((r) => r.Instances ?? []).map((i) => i.Tags?.[0]?.Value)).toEqual(['blue-1']);
  });

  it('TerminateInstances reports the state change and the instance stays terminated', async () => {
    const out = await launch();
    const id = out.Instances?.[0]?.InstanceId as string;
    const terminated = await fake.clients.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    expect(terminated.TerminatingInstances).toEqual([
      { InstanceId: id, CurrentState: { Code: 32, Name: 'shutting-down' }, PreviousState: { Code: 16, Name: 'running' } },
    ]);
    const again = await fake.clients.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    expect(again.TerminatingInstances?.[0]?.CurrentState?.Name).toBe('terminated');
    expect(fake.server.resources('ec2')[0]?.state).toBe('terminated');
  });

  it('answers bad input with the EC2 error codes', async () => {
    const notFound = await rejectionOf(fake.clients.ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] })));
    expect(notFound.name).toBe('InvalidInstanceID.NotFound');
    expect(notFound.$fault).toBe('client');
    const malformed = await rejectionOf(fake.clients.ec2.send(new TerminateInstancesCommand({ InstanceIds: ['nope'] })));
    expect(malformed.name).toBe('InvalidInstanceID.Malformed');
    const badFilter = await rejectionOf(
      fake.clients.ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'no-such-filter', Values: ['x'] }] })),
    );
    expect(badFilter.name).toBe('InvalidParameterValue');
    const badCounts = await rejectionOf(launch({ MinCount: 3, MaxCount: 2 }));
    expect(badCounts.name).toBe('InvalidParameterValue');
    const badImage = await rejectionOf(launch({ ImageId: 'image' }));
    expect(badImage.name).toBe('InvalidAMIID.Malformed');
    const longToken = await rejectionOf(launch({ ClientToken: 'x'.repeat(65) }));
    expect(longToken.name).toBe('InvalidParameterValue');
    const wrongZone = await rejectionOf(launch({ Placement: { AvailabilityZone: 'eu-west-1a' } }));
    expect(wrongZone.name).toBe('InvalidParameterValue');
    expect(fake.server.resources('ec2')).toHaveLength(0);
  });
});

describe('RunInstances token rules', () => {
  it('same token and same parameters: the original reservation, one instance', async () => {
    const first = await launch({ ClientToken: 'same-1', TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }] }] });
    // Tag order does not make a request different.
    const second = await launch({ ClientToken: 'same-1', TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'b', Value: '2' }, { Key: 'a', Value: '1' }] }] });
    expect(second.ReservationId).toBe(first.ReservationId);
    expect(second.Instances?.map((i) => i.InstanceId)).toEqual(first.Instances?.map((i) => i.InstanceId));
    expect(fake.server.resources('ec2')).toHaveLength(1);
    expect(fake.server.stats().attemptsByToken['same-1']).toBe(2);
  });

  it('same token, other parameters: IdempotentParameterMismatch and nothing new', async () => {
    await launch({ ClientToken: 'mismatch-1' });
    const error = await rejectionOf(launch({ ClientToken: 'mismatch-1', InstanceType: 't3.large' }));
    expect(error.name).toBe('IdempotentParameterMismatch');
    expect(error.$fault).toBe('client');
    expect((error.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(400);
    expect(fake.server.resources('ec2')).toHaveLength(1);
  });

  it('no token from the caller: the SDK fills a fresh one per send, so two sends make two instances', async () => {
    const a = await launch();
    const b = await launch();
    expect(a.Instances?.[0]?.ClientToken).not.toBe(b.Instances?.[0]?.ClientToken);
    expect(fake.server.resources('ec2')).toHaveLength(2);
  });

  it('a request without any token (not through the SDK) creates every time', async () => {
    const body = new URLSearchParams({ Action: 'RunInstances', Version: '2016-11-15', ImageId: IMAGE_ID, MinCount: '1', MaxCount: '1' });
    for (let i = 0; i < 2; i += 1) {
      const response = await fetch(fake.server.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
      });
      expect(response.status).toBe(200);
      await response.text();
    }
    expect(fake.server.resources('ec2').map((i) => i.clientToken)).toEqual(['', '']);
  });

  it('tokens are scoped per Region', async () => {
    const west = clientsFor(fake.server.endpoint, 'us-west-2');
    try {
      const east = await launch({ ClientToken: 'regional' });
      const other = await launch({ ClientToken: 'regional' }, west.ec2);
      expect(other.Instances?.[0]?.InstanceId).not.toBe(east.Instances?.[0]?.InstanceId);
      expect(other.Instances?.[0]?.Placement?.AvailabilityZone).toBe('us-west-2a');
      expect(fake.server.resources('ec2').map((i) => i.region).sort()).toEqual(['us-east-1', 'us-west-2']);
      // Each Region sees only its own instances.
      const seenFromWest = await west.ec2.send(new DescribeInstancesCommand({}));
      expect(seenFromWest.Reservations?.flatMap((r) => r.Instances ?? []).map((i) => i.InstanceId)).toEqual([
        other.Instances?.[0]?.InstanceId,
      ]);
    } finally {
      west.destroy();
    }
  });

  it('tokens are scoped per Availability Zone when Placement.AvailabilityZone is given', async () => {
    const a = await launch({ ClientToken: 'zonal', Placement: { AvailabilityZone: 'us-east-1a' } });
    const b = await launch({ ClientToken: 'zonal', Placement: { AvailabilityZone: 'us-east-1b' } });
    const aAgain = await launch({ ClientToken: 'zonal', Placement: { AvailabilityZone: 'us-east-1a' } });
    expect(b.ReservationId).not.toBe(a.ReservationId);
    expect(aAgain.ReservationId).toBe(a.ReservationId);
    // The Region-wide scope is another scope again.
    const regional = await launch({ ClientToken: 'zonal' });
    expect([a.ReservationId, b.ReservationId]).not.toContain(regional.ReservationId);
    expect(fake.server.resources('ec2')).toHaveLength(3);
  });

  it('tokens are scoped per subnet (its zone) when SubnetId is given', async () => {
    const a = await launch({ ClientToken: 'subnet-scoped', SubnetId: 'subnet-0aaaaaaaaaaaaaaaa' });
    const b = await launch({ ClientToken: 'subnet-scoped', SubnetId: 'subnet-0bbbbbbbbbbbbbbbb' });
    const aAgain = await launch({ ClientToken: 'subnet-scoped', SubnetId: 'subnet-0aaaaaaaaaaaaaaaa' });
    expect(b.ReservationId).not.toBe(a.ReservationId);
    expect(aAgain.ReservationId).toBe(a.ReservationId);
    expect(a.Instances?.[0]?.SubnetId).toBe('subnet-0aaaaaaaaaaaaaaaa');
  });

  it('the token of a terminated instance: IdempotentInstanceTerminated', async () => {
    const out = await launch({ ClientToken: 'short-lived' });
    await fake.clients.ec2.send(new TerminateInstancesCommand({ InstanceIds: [out.Instances?.[0]?.InstanceId as string] }));
    const error = await rejectionOf(launch({ ClientToken: 'short-lived' }));
    expect(error.name).toBe('IdempotentInstanceTerminated');
    expect((error.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(400);
    expect(fake.server.resources('ec2')).toHaveLength(1);
  });

  it('a failed request does not bind its token', async () => {
    await rejectionOf(launch({ ClientToken: 'after-failure', ImageId: 'bad' }));
    await launch({ ClientToken: 'after-failure' });
    expect(fake.server.resources('ec2')).toHaveLength(1);
  });
});
