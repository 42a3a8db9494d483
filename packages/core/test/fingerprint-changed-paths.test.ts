import { changedPaths } from '@retrysafe/core';

function runInstances(): Record<string, unknown> {
  return {
    ImageId: 'ami-1',
    InstanceType: 't3.micro',
    BlockDeviceMappings: [
      { DeviceName: '/dev/sda1', Ebs: { VolumeSize: 8 } },
      { DeviceName: '/dev/sdb', Ebs: { VolumeSize: 100 } },
    ],
    TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'web' }, { Key: 'Team', Value: 'core' }] }],
  };
}

describe('changedPaths', () => {
  it('is empty for equal inputs, whatever their key order or identity', () => {
    const input = runInstances();
    expect(changedPaths(input, input)).toEqual([]);
    expect(changedPaths(input, runInstances())).toEqual([]);
    expect(changedPaths({ a: 1, b: 2 }, { b: 2, a: 1 })).toEqual([]);
  });

  it('names changed leaves at their dotted paths, sorted', () => {
    const after = runInstances();
    after.InstanceType = 't3.large';
    ((after.TagSpecifications as { Tags: { Value: string }[] }[])[0]!.Tags[1]!).Value = 'platform';
    ((after.BlockDeviceMappings as { Ebs: { VolumeSize: number } }[])[0]!.Ebs).VolumeSize = 16;
    expect(changedPaths(runInstances(), after)).toEqual([
      'BlockDeviceMappings.0.Ebs.VolumeSize',
      'InstanceType',
      'TagSpecifications.0.Tags.1.Value',
    ]);
  });

  it('names added and removed elements and members at their own paths', () => {
    const after = runInstances();
    (after.BlockDeviceMappings as unknown[]).push({ DeviceName: '/dev/sdc' });
    after.KeyName = 'ops';
    delete after.ImageId;
    expect(changedPaths(runInstances(), after)).toEqual(['BlockDeviceMappings.2', 'ImageId', 'KeyName']);
    expect(changedPaths(after, runInstances())).toEqual(['BlockDeviceMappings.2', 'ImageId', 'KeyName']);
  });

  it('reports a change of type at the path, not below it', () => {
    expect(changedPaths({ a: '1' }, { a: 1 })).toEqual(['a']);
    expect(changedPaths({ a: [1] }, { a: { 0: 1 } })).toEqual(['a']);
    expect(changedPaths({ a: { b: 1 } }, { a: null })).toEqual(['a']);
    expect(changedPaths({ a: 1n }, { a: 1 })).toEqual(['a']);
    expect(changedPaths({ a: new Date(0) }, { a: 0 })).toEqual(['a']);
    expect(changedPaths({ a: 'x' }, { a: ['x'] })).toEqual(['a']);
  });

  it('uses the canonical value rules', () => {
    expect(changedPaths({ a: Number.NaN }, { a: Number.NaN })).toEqual([]);
    expect(changedPaths({ a: 0 }, { a: -0 })).toEqual(['a']);
    expect(changedPaths({ a: undefined }, {})).toEqual(['a']);
    expect(changedPaths([undefined], new Array(1))).toEqual(['0']);
    expect(changedPaths({ d: new Date(5) }, { d: new Date(5) })).toEqual([]);
    expect(changedPaths({ d: new Date(Number.NaN) }, { d: new Date('nope') })).toEqual([]);
    expect(changedPaths({ d: new Date(5) }, { d: new Date(6) })).toEqual(['d']);
    expect(changedPaths({ b: Uint8Array.of(1, 2) }, { b: Buffer.from([1, 2]) })).toEqual([]);
    expect(changedPaths({ b: Uint8Array.of(1, 2) }, { b: Uint8Array.of(1, 3) })).toEqual(['b']);
    expect(changedPaths({ a: Object.assign(Object.create(null), { x: 1 }) }, { a: { x: 1 } })).toEqual([]);
  });

  it("names the root as '' when the inputs differ there", () => {
    expect(changedPaths('a', 'b')).toEqual(['']);
    expect(changedPaths({}, [])).toEqual(['']);
    expect(changedPaths(undefined, null)).toEqual(['']);
  });

  it('ends on cyclic and unsupported values instead of looping or throwing', () => {
    const before: Record<string, unknown> = { a: { n: 1 } };
    const after: Record<string, unknown> = { a: { n: 1 } };
    (after.a as Record<string, unknown>).self = after;
    expect(changedPaths(before, after)).toEqual(['a.self']);
    const loopA: Record<string, unknown> = {};
    loopA.next = loopA;
    const loopB: Record<string, unknown> = {};
    loopB.next = loopB;
    expect(changedPaths(loopA, loopB)).toEqual(['next']);
    const fn = (): void => {};
    expect(changedPaths({ f: fn, m: new Map() }, { f: fn, m: new Map() })).toEqual(['m']);
  });
});
