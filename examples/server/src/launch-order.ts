import { RunInstancesCommand, type _InstanceType, type EC2Client } from '@aws-sdk/client-ec2';
import type { OrderRequest } from './order-request.js';

/** The EC2 parameter each order field becomes: a mismatch names parameters, the client knows fields. */
export const FIELD_OF_PARAMETER: Readonly<Record<string, keyof OrderRequest>> = {
  ImageId: 'imageId',
  InstanceType: 'instanceType',
  TagSpecifications: 'customer',
};

export interface LaunchedInstance {
  readonly instanceId: string;
  readonly state: string;
}

/**
 * Launches the order's instance. No ClientToken here: the caller runs this
 * inside `runWithIdempotencyKey`, and retrysafe derives the token from the
 * client's Idempotency-Key and binds it in the store before the request leaves.
 */
export async function launchOrderInstance(ec2: EC2Client, order: OrderRequest): Promise<LaunchedInstance> {
  const output = await ec2.send(
    new RunInstancesCommand({
      ImageId: order.imageId,
      InstanceType: order.instanceType as _InstanceType,
      MinCount: 1,
      MaxCount: 1,
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'customer', Value: order.customer }] }],
    }),
  );
  const instance = output.Instances?.[0];
  if (instance?.InstanceId === undefined) throw new Error('RunInstances answered without an instance');
  return { instanceId: instance.InstanceId, state: instance.State?.Name ?? 'pending' };
}
