import { EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { idempotencyPlugin, type IdempotencyPluginOptions } from '@retrysafe/aws';

export const TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;
export const TEST_REGION = 'us-east-1';
export const IMAGE_ID = 'ami-0abcdef1234567890';

/** A real EC2 client with the retrysafe plugin, talking to fake-aws. Jitter 0: retries do not wait. */
export function ec2Client(endpoint: string, options: IdempotencyPluginOptions = {}): EC2Client {
  const client = new EC2Client({ endpoint, region: TEST_REGION, credentials: TEST_CREDENTIALS });
  client.middlewareStack.use(idempotencyPlugin({ random: () => 0, ...options }));
  return client;
}

/** Launches one instance and answers its ID. */
export async function launchInstance(client: EC2Client, instanceType = 't3.micro'): Promise<string> {
  const output = await client.send(new RunInstancesCommand({ ImageId: IMAGE_ID, InstanceType: instanceType as 't3.micro', MinCount: 1, MaxCount: 1 }));
  const instanceId = output.Instances?.[0]?.InstanceId;
  if (instanceId === undefined) throw new Error('RunInstances answered no instance');
  return instanceId;
}
