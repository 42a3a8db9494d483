import { CreateResourceShareCommand, RAMClient, type Tag } from '@aws-sdk/client-ram';
import { operationTags, type LogicalOperation } from '../logical-operation.js';
import { FAKE_CREDENTIALS, type ServiceWorkload, type WorkloadCommand } from './service-workload.js';

// RAM CreateResourceShare: clientToken has no idempotencyToken trait, so the
// SDK sends none and every send that reaches the service makes a new share.

function ramTags(operation: LogicalOperation, revision: number): Tag[] {
  return operationTags(operation, revision).map(({ Key, Value }) => ({ key: Key, value: Value }));
}

export const ramWorkload: ServiceWorkload<'ram'> = {
  service: 'ram',
  operation: 'CreateResourceShare',
  createClient({ endpoint, region, plugin }) {
    const client = new RAMClient({ endpoint, region, credentials: FAKE_CREDENTIALS });
    if (plugin !== undefined) client.middlewareStack.use(plugin);
    return { send: (command) => client.send(command as CreateResourceShareCommand), destroy: () => client.destroy() };
  },
  createCommand(operation, revision) {
    return new CreateResourceShareCommand({
      name: `chaos-${operation.id}`,
      allowExternalPrincipals: false,
      tags: ramTags(operation, revision),
    });
  },
  reviseCommand(command: WorkloadCommand, operation, revision) {
    (command as CreateResourceShareCommand).input.tags = ramTags(operation, revision);
  },
};
