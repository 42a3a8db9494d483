import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { operationTags, type LogicalOperation } from '../logical-operation.js';
import { FAKE_CREDENTIALS, type ServiceWorkload, type WorkloadCommand } from './service-workload.js';

// CloudFormation CreateStack: ClientRequestToken has no idempotencyToken
// trait, so the SDK sends none. Each logical operation gets its own stack name
// (two live stacks cannot share one); without a token a resend of a created
// stack fails with AlreadyExistsException, and the caller never learns its id.

const TEMPLATE_BODY = JSON.stringify({
  AWSTemplateFormatVersion: '2010-09-09',
  Resources: { Queue: { Type: 'AWS::SQS::Queue' } },
});

function stackName(operation: LogicalOperation): string {
  return `chaos-${operation.id}`;
}

export const cloudFormationWorkload: ServiceWorkload<'cloudformation'> = {
  service: 'cloudformation',
  operation: 'CreateStack',
  createClient({ endpoint, region, plugin }) {
    const client = new CloudFormationClient({ endpoint, region, credentials: FAKE_CREDENTIALS });
    if (plugin !== undefined) client.middlewareStack.use(plugin);
    return { send: (command) => client.send(command as CreateStackCommand), destroy: () => client.destroy() };
  },
  createCommand(operation, revision) {
    return new CreateStackCommand({
      StackName: stackName(operation),
      TemplateBody: TEMPLATE_BODY,
      Tags: operationTags(operation, revision),
    });
  },
  reviseCommand(command: WorkloadCommand, operation, revision) {
    (command as CreateStackCommand).input.Tags = operationTags(operation, revision);
  },
};
