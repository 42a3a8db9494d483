import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { EC2Client } from '@aws-sdk/client-ec2';
import { RAMClient } from '@aws-sdk/client-ram';

import { startFakeAws, type FakeAwsOptions, type FakeAwsServer } from '@retrysafe/fake-aws';

// Real SDK v3 clients pointed at a local endpoint, with dummy credentials and
// no SDK retries (maxAttempts 1), so each call is exactly one HTTP request and
// every fault reaches the test as the SDK reports it.

export interface Clients {
  readonly ec2: EC2Client;
  readonly cloudFormation: CloudFormationClient;
  readonly ram: RAMClient;
  destroy(): void;
}

export const TEST_CREDENTIALS = { accessKeyId: 'AKIDFAKEAWSTEST', secretAccessKey: 'fake-aws-test-secret' };

export function clientsFor(endpoint: string, region = 'us-east-1', extra: { requestTimeout?: number } = {}): Clients {
  const config = {
    endpoint,
    region,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
    ...(extra.requestTimeout === undefined ? {} : { requestHandler: { requestTimeout: extra.requestTimeout, throwOnRequestTimeout: true } }),
  };
  const ec2 = new EC2Client(config);
  const cloudFormation = new CloudFormationClient(config);
  const ram = new RAMClient(config);
  return {
    ec2,
    cloudFormation,
    ram,
    destroy: () => {
      ec2.destroy();
      cloudFormation.destroy();
      ram.destroy();
    },
  };
}

/** The error a promise rejects with; fails the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

export const IMAGE_ID = 'ami-12345678';
export const SUBNET_ARN = 'arn:aws:ec2:us-east-1:123456789012:subnet/subnet-12345678';
export const OTHER_ACCOUNT = '111111111111';
export const EMPTY_TEMPLATE = JSON.stringify({
  Resources: { Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' } },
});

export interface FakeAwsHarness {
  readonly server: FakeAwsServer;
  readonly clients: Clients;
}

/**
 * Starts one server and its clients for a test file (stopped in afterAll, also
 * on failure) and gives each test a clean server: no resources, no faults.
 */
export function useFakeAws(options: FakeAwsOptions): FakeAwsHarness {
  const harness = {} as { server: FakeAwsServer; clients: Clients };
  beforeAll(async () => {
    harness.server = await startFakeAws(options);
    harness.clients = clientsFor(harness.server.endpoint);
  });
  afterAll(async () => {
    harness.clients?.destroy();
    await harness.server?.close();
  });
  beforeEach(() => {
    harness.server.setFaults({});
    harness.server.reset();
  });
  return harness;
}
