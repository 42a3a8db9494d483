import { EC2Client, RunInstancesCommand, type TagSpecification } from '@aws-sdk/client-ec2';
import { operationTags, type LogicalOperation } from '../logical-operation.js';
import { FAKE_CREDENTIALS, type ServiceWorkload, type WorkloadCommand } from './service-workload.js';

// EC2 RunInstances: the SDK fills ClientToken itself (the member carries the
// idempotencyToken trait), but anew on every send, so a caller's resend of the
// same command is a new request.

const IMAGE_ID = 'ami-0c0ffee0c0ffee000';
const INSTANCE_TYPE = 't3.micro';
const ONE_INSTANCE = 1;

function tagSpecifications(operation: LogicalOperation, revision: number): TagSpecification[] {
  return [{ ResourceType: 'instance', Tags: operationTags(operation, revision) }];
}

export const ec2Workload: ServiceWorkload<'ec2'> = {
  service: 'ec2',
  operation: 'RunInstances',
  createClient({ endpoint, region, plugin }) {
    const client = new EC2Client({ endpoint, region, credentials: FAKE_CREDENTIALS });
    if (plugin !== undefined) client.middlewareStack.use(plugin);
    return { send: (command) => client.send(command as RunInstancesCommand), destroy: () => client.destroy() };
  },
  createCommand(operation, revision) {
    return new RunInstancesCommand({
      ImageId: IMAGE_ID,
      InstanceType: INSTANCE_TYPE,
      MinCount: ONE_INSTANCE,
      MaxCount: ONE_INSTANCE,
      TagSpecifications: tagSpecifications(operation, revision),
    });
  },
  reviseCommand(command: WorkloadCommand, operation, revision) {
    (command as RunInstancesCommand).input.TagSpecifications = tagSpecifications(operation, revision);
  },
};
