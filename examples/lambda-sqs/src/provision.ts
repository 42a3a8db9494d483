import { CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { CreateResourceShareCommand } from '@aws-sdk/client-ram';
import type { Clients } from './clients.js';
import type { CustomerEnvironment } from './customer-message.js';

/** What a customer's environment is made of: a notification topic, as a stand-in for real resources. */
export const ENVIRONMENT_TEMPLATE = JSON.stringify({
  AWSTemplateFormatVersion: '2010-09-09',
  Description: 'A customer environment (retrysafe example)',
  Resources: { Notifications: { Type: 'AWS::SNS::Topic' } },
});

export interface ProvisionedEnvironment {
  readonly stackId: string;
  readonly resourceShareArn: string;
}

/**
 * Creates the customer's stack and shares the resources with their account.
 * Neither call carries a token here: inside a keyed scope retrysafe fills
 * CloudFormation's ClientRequestToken and RAM's clientToken (which the SDK
 * never fills), derived from the message ID, so a redelivered message finds
 * what the first delivery created.
 */
export async function provisionEnvironment(clients: Clients, environment: CustomerEnvironment): Promise<ProvisionedEnvironment> {
  const name = `customer-${environment.customer}`;
  const tags = [{ Key: 'customer', Value: environment.customer }];

  const stack = await clients.cloudformation.send(
    new CreateStackCommand({ StackName: name, TemplateBody: ENVIRONMENT_TEMPLATE, Tags: tags }),
  );
  const share = await clients.ram.send(
    new CreateResourceShareCommand({
      name,
      principals: [environment.accountId],
      resourceArns: [...environment.resourceArns],
      allowExternalPrincipals: true,
      tags: tags.map(({ Key, Value }) => ({ key: Key, value: Value })),
    }),
  );
  const stackId = stack.StackId;
  const resourceShareArn = share.resourceShare?.resourceShareArn;
  if (stackId === undefined || resourceShareArn === undefined) throw new Error('AWS answered without a stack ID or share ARN');
  return { stackId, resourceShareArn };
}
