import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeInstancesCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateResourceShareCommand, GetResourceSharesCommand, RAMClient } from '@aws-sdk/client-ram';
import type { Pluggable } from '@smithy/types';
import type { RecordedRequest, RecordingHandler, Reply } from './recording-handler.js';

/** The part of an SDK client the tests use, whatever its service. */
export interface AnyClient {
  readonly middlewareStack: { use(pluggable: Pluggable<never, never>): void };
  send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
  destroy(): void;
}
type AnyCommand = object & { input: Record<string, unknown> };

/** One service's wire facts: how to build its client and commands, read a token, and answer. */
export interface ServiceCase {
  readonly service: 'EC2' | 'CloudFormation' | 'RAM';
  readonly createOperation: string;
  readonly tokenMember: string;
  makeClient(handler: RecordingHandler, region?: string): AnyClient;
  /** A command that creates something and takes a token; `variant` changes one parameter. */
  create(variant?: string): AnyCommand;
  /** A read that takes no token. */
  read(): AnyCommand;
  tokenOf(request: RecordedRequest): string | undefined;
  success(request: RecordedRequest): Reply;
  error(code: string, status: number): Reply;
  /** The service's token-conflict error code. */
  readonly mismatchCode: string;
  readonly throttle: { code: string; status: number };
}

const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' };

function clientConfig(handler: RecordingHandler, region: string) {
  return { region, credentials, requestHandler: handler, maxAttempts: 3 };
}

function formParam(request: RecordedRequest, name: string): string | undefined {
  return new URLSearchParams(request.body).get(name) ?? undefined;
}

function queryError(code: string, status: number, ec2: boolean): Reply {
  const body = ec2
    ? `<Response><Errors><Error><Code>${code}</Code><Message>test ${code}</Message></Error></Errors><RequestID>req-1</RequestID></Response>`
    : `<ErrorResponse><Error><Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${code}</Code><Message>test ${code}</Message></Error><RequestId>req-1</RequestId></ErrorResponse>`;
  return { kind: 'respond', status, body, headers: { 'content-type': 'text/xml' } };
}

export const ec2Case: ServiceCase = {
  service: 'EC2',
  createOperation: 'RunInstances',
  tokenMember: 'ClientToken',
  makeClient: (handler, region = 'eu-west-1') => new EC2Client(clientConfig(handler, region)) as unknown as AnyClient,
  create: (variant = 't3.micro') =>
    new RunInstancesCommand({
      ImageId: 'ami-12345678',
      InstanceType: variant as 't3.micro',
      MinCount: 1,
      MaxCount: 1,
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'team', Value: 'retrysafe' }] }],
    }) as unknown as AnyCommand,
  read: () => new DescribeInstancesCommand({ InstanceIds: ['i-1'] }) as unknown as AnyCommand,
  tokenOf: (request) => formParam(request, 'ClientToken'),
  success: (request) => {
    const action = formParam(request, 'Action');
    const body =
      action === 'RunInstances'
        ? `<RunInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-1</requestId><reservationId>r-0001</reservationId><ownerId>123456789012</ownerId><instancesSet><item><instanceId>i-0001</instanceId><clientToken>${formParam(request, 'ClientToken') ?? ''}</clientToken></item></instancesSet></RunInstancesResponse>`
        : `<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-2</requestId><reservationSet/></DescribeInstancesResponse>`;
    return { kind: 'respond', status: 200, body, headers: { 'content-type': 'text/xml' } };
  },
  error: (code, status) => queryError(code, status, true),
  mismatchCode: 'IdempotentParameterMismatch',
  throttle: { code: 'RequestLimitExceeded', status: 503 },
};

export const cloudFormationCase: ServiceCase = {
  service: 'CloudFormation',
  createOperation: 'CreateStack',
  tokenMember: 'ClientRequestToken',
  makeClient: (handler, region = 'eu-west-1') => new CloudFormationClient(clientConfig(handler, region)) as unknown as AnyClient,
  create: (variant = 'v1') =>
    new CreateStackCommand({
      StackName: 'orders',
      TemplateBody: '{"Resources":{}}',
      Parameters: [{ ParameterKey: 'Version', ParameterValue: variant }],
      Tags: [{ Key: 'team', Value: 'retrysafe' }],
    }) as unknown as AnyCommand,
  read: () => new DescribeStacksCommand({ StackName: 'orders' }) as unknown as AnyCommand,
  tokenOf: (request) => formParam(request, 'ClientRequestToken'),
  success: (request) => {
    const action = formParam(request, 'Action');
    const body =
      action === 'CreateStack'
        ? `<CreateStackResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><CreateStackResult><StackId>arn:aws:cloudformation:eu-west-1:123456789012:stack/orders/1</StackId></CreateStackResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></CreateStackResponse>`
        : `<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult><Stacks/></DescribeStacksResult><ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata></DescribeStacksResponse>`;
    return { kind: 'respond', status: 200, body, headers: { 'content-type': 'text/xml' } };
  },
  error: (code, status) => queryError(code, status, false),
  mismatchCode: 'TokenAlreadyExistsException',
  throttle: { code: 'Throttling', status: 400 },
};

export const ramCase: ServiceCase = {
  service: 'RAM',
  createOperation: 'CreateResourceShare',
  tokenMember: 'clientToken',
  makeClient: (handler, region = 'eu-west-1') => new RAMClient(clientConfig(handler, region)) as unknown as AnyClient,
  create: (variant = 'orders') =>
    new CreateResourceShareCommand({
      name: variant,
      resourceArns: ['arn:aws:ec2:eu-west-1:123456789012:subnet/subnet-1'],
      principals: ['210987654321'],
      tags: [{ key: 'team', value: 'retrysafe' }],
    }) as unknown as AnyCommand,
  read: () => new GetResourceSharesCommand({ resourceOwner: 'SELF' }) as unknown as AnyCommand,
  tokenOf: (request) => {
    if (request.body === '') return undefined;
    const parsed = JSON.parse(request.body) as { clientToken?: string };
    return parsed.clientToken;
  },
  success: (request) => {
    const body = request.path.includes('createresourceshare')
      ? JSON.stringify({
          resourceShare: { resourceShareArn: 'arn:aws:ram:eu-west-1:123456789012:resource-share/1', name: 'orders', status: 'ACTIVE' },
          clientToken: (JSON.parse(request.body) as { clientToken?: string }).clientToken,
        })
      : JSON.stringify({ resourceShares: [] });
    return { kind: 'respond', status: 200, body, headers: { 'content-type': 'application/json' } };
  },
  error: (code, status) => ({
    kind: 'respond',
    status,
    body: JSON.stringify({ message: `test ${code}` }),
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': code },
  }),
  mismatchCode: 'IdempotentParameterMismatchException',
  throttle: { code: 'ThrottlingException', status: 429 },
};

export const serviceCases: readonly ServiceCase[] = [ec2Case, cloudFormationCase, ramCase];
