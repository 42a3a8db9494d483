// @retrysafe/fake-aws: a fake EC2, CloudFormation and RAM endpoint on
// 127.0.0.1 that real AWS SDK v3 clients talk to, with the services' token
// rules and seeded fault injection. The whole public face.

export {
  DEFAULT_ACCOUNT_ID,
  DEFAULT_REGION,
  LOOPBACK_HOST,
  startFakeAws,
  type FakeAwsOptions,
  type FakeAwsServer,
} from './server.js';
export {
  DEFAULT_LATENCY_MS,
  FAULT_KINDS,
  isFaultKind,
  spreadFaultRate,
  type FaultConfig,
  type FaultKind,
  type ScriptedFaultOptions,
} from './faults.js';
export { REQUEST_LOG_LIMIT, type FakeAwsStats, type RequestRecord } from './stats.js';
export type {
  AnyResource,
  Ec2InstanceResource,
  ResourcesByService,
  ResourceShareResource,
  StackResource,
} from './resources.js';
export { SERVICE_NAMES, type ServiceName } from './services/service-name.js';
export type { InstanceStateName } from './services/ec2.js';
export type { StackStatus } from './services/cloudformation.js';
export type { ResourceShareStatus } from './services/ram.js';
export type { ServerErrorStatus } from './endpoint.js';
