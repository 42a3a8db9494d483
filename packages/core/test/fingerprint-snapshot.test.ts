import { fingerprint, snapshotInput } from '@retrysafe/core';

function runInstances(): Record<string, unknown> {
  return {
    ClientToken: 'caller-token',
    ImageId: 'ami-0abcdef1234567890',
    InstanceType: 't3.micro',
    MinCount: 1,
    MaxCount: 1,
    PrivateIpAddress: undefined,
    UserData: Buffer.from('#!/bin/bash\necho hi\n'),
    Payload: Uint8Array.of(1, 2, 3),
    NotBefore: new Date(1_700_000_000_000),
    Budget: 12n,
    BlockDeviceMappings: [
      { DeviceName: '/dev/sda1', Ebs: { VolumeSize: 8, VolumeType: 'gp3' } },
      { DeviceName: '/dev/sdb', Ebs: { VolumeSize: 100, VolumeType: 'gp3', Encrypted: true } },
    ],
    TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'web' }, { Key: 'Team', Value: 'core' }] }],
  };
}

/** Every plain object and array inside a value, with its path. */
function containers(value: unknown, path = ''): [string, object][] {
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value) || value instanceof Date) return [];
  const found: [string, object][] = [[path, value]];
  for (const [key, child] of Object.entries(value)) found.push(...containers(child, path ? `${path}.${key}` : key));
  return found;
}

describe('snapshotInput', () => {
  it('returns a deep copy equal to the input, types, undefined members and key order included', () => {
    const input = runInstances();
    const { snapshot } = snapshotInput(input);
    expect(snapshot).toStrictEqual(input);
    expect(Object.keys(snapshot)).toEqual(Object.keys(input));
    expect(Object.hasOwn(snapshot, 'PrivateIpAddress')).toBe(true);
    expect(Buffer.isBuffer(snapshot.UserData)).toBe(true);
    expect(snapshot.Payload).toBeInstanceOf(Uint8Array);
    expect(snapshot.NotBefore).toBeInstanceOf(Date);
  });

  it('shares no object with the input', () => {
    const input = runInstances();
    const { snapshot } = snapshotInput(input);
    const originals = new Set<unknown>([...containers(input).map(([, c]) => c), input.UserData, input.Payload, input.NotBefore]);
    const copies = [...containers(snapshot).map(([, c]) => c), snapshot.UserData, snapshot.Payload, snapshot.NotBefore];
    expect(copies.length).toBe(originals.size);
    for (const copy of copies) expect(originals.has(copy)).toBe(false);
  });

  it('freezes every plain object and array of the copy', () => {
    const { snapshot } = snapshotInput(runInstances());
    const found = containers(snapshot);
    expect(found.length).toBeGreaterThan(8);
    for (const [path, container] of found) expect({ path, frozen: Object.isFrozen(container) }).toEqual({ path, frozen: true });
    expect(() => {
      (snapshot as { InstanceType: string }).InstanceType = 't3.large';
    }).toThrow(TypeError);
  });

  it('is not reached by later changes to the caller object, at any depth', () => {
    const input = runInstances();
    const { snapshot, fingerprint: before } = snapshotInput(input);
    const pristine = runInstances();
    input.InstanceType = 't3.large';
    ((input.TagSpecifications as { Tags: { Value: string }[] }[])[0]!.Tags[1]!).Value = 'other';
    (input.BlockDeviceMappings as unknown[]).push({ DeviceName: '/dev/sdc' });
    (input.UserData as Buffer).fill(0);
    (input.Payload as Uint8Array)[0] = 99;
    (input.NotBefore as Date).setTime(0);
    delete input.PrivateIpAddress;
    expect(snapshot).toStrictEqual(pristine);
    expect(fingerprint(snapshot).digest).toBe(before.digest);
    expect(fingerprint(input).digest).not.toBe(before.digest);
  });

  it('fingerprints in the same pass what fingerprint() computes, excluded members kept in the copy', () => {
    const input = runInstances();
    const options = { exclude: ['ClientToken'], secret: 'fingerprint-secret' };
    const { snapshot, fingerprint: frozen } = snapshotInput(input, options);
    const separate = fingerprint(input, options);
    expect(frozen.digest).toBe(separate.digest);
    expect(frozen.members).toEqual(separate.members);
    expect(frozen.members).not.toHaveProperty('ClientToken');
    expect(snapshot.ClientToken).toBe('caller-token');
  });

  it('copies holes, null-prototype objects, ArrayBuffers and DataViews as they are', () => {
    const sparse: unknown[] = ['a'];
    sparse[2] = 'c';
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { x: 1 });
    const raw = Uint8Array.of(5, 6).buffer;
    const view = new DataView(Uint8Array.of(7, 8, 9).buffer, 1, 2);
    const input = { sparse, bare, raw, view };
    const { snapshot } = snapshotInput(input);
    expect(snapshot).toStrictEqual(input);
    expect(1 in snapshot.sparse).toBe(false);
    expect(Object.getPrototypeOf(snapshot.bare)).toBeNull();
    expect(snapshot.raw).not.toBe(raw);
    expect(snapshot.view.getUint8(0)).toBe(8);
    expect(snapshot.view.byteLength).toBe(2);
    new Uint8Array(raw)[0] = 0;
    expect(new Uint8Array(snapshot.raw)[0]).toBe(5);
  });

  it('keeps a __proto__ member as an own member and the copy prototype plain', () => {
    const input = JSON.parse('{"__proto__": {"InstanceType": "x"}, "a": 1}') as Record<string, unknown>;
    const { snapshot } = snapshotInput(input);
    expect(Object.getPrototypeOf(snapshot)).toBe(Object.prototype);
    expect(Object.hasOwn(snapshot, '__proto__')).toBe(true);
    expect(snapshot).toStrictEqual(input);
    expect((snapshot as Record<string, unknown>).InstanceType).toBeUndefined();
  });

  it('holds exactly what it fingerprinted, even when a getter answers differently each time', () => {
    let reads = 0;
    const input = {
      get Counter(): number {
        reads += 1;
        return reads;
      },
    };
    const { snapshot, fingerprint: frozen } = snapshotInput(input);
    expect(fingerprint(snapshot).digest).toBe(frozen.digest);
    expect(Object.getOwnPropertyDescriptor(snapshot, 'Counter')).toMatchObject({ writable: false, value: snapshot.Counter });
  });

  it('copies a primitive or a top-level array input too', () => {
    expect(snapshotInput('text').snapshot).toBe('text');
    const list = [{ a: 1 }, [2]];
    const { snapshot } = snapshotInput(list);
    expect(snapshot).toStrictEqual(list);
    expect(snapshot).not.toBe(list);
    expect(Object.isFrozen(snapshot)).toBe(true);
  });
});
