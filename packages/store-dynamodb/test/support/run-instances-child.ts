import type { RunInstancesCommandInput } from '@aws-sdk/client-ec2';
import { join } from 'node:path';

/** The child script of the crash and race tests; see its header for the protocol. */
export const KEYED_RUN_INSTANCES_CHILD = join(__dirname, 'keyed-run-instances-child.cjs');
export const BIND_RACE_CHILD = join(__dirname, 'bind-race-child.cjs');
/** The SDK's Node 20 support notice, once per child, is noise here. */
export const CHILD_ENV: NodeJS.ProcessEnv = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

/** The child's configuration, passed as its one argument (JSON). */
export interface KeyedRunInstancesConfig {
  readonly dynamoDbEndpoint: string;
  readonly tableName: string;
  readonly awsEndpoint: string;
  readonly secret: string;
  /** The RunInstances input every process sends. */
  readonly input: RunInstancesCommandInput;
  readonly key?: string;
}

/** One small instance: what every process of a test launches for its key. */
export const RUN_INSTANCES_INPUT: RunInstancesCommandInput = { ImageId: 'ami-0123456789abcdef0', MinCount: 1, MaxCount: 1 };

/** Where a crash-test child kills itself; see the child's header. */
export const CRASH_POINTS = ['before-bind', 'after-bind', 'in-flight', 'after-response', 'after-complete'] as const;
export type CrashPoint = (typeof CRASH_POINTS)[number];

export interface ChildEvent {
  readonly type: string;
  readonly source?: string;
}

/** What a child that finished reports. */
export interface KeyedRunInstancesResult {
  readonly token: string;
  readonly instanceId: string;
  readonly events: readonly ChildEvent[];
}

export type ChildMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'stage'; readonly stage: CrashPoint; readonly created?: boolean; readonly token?: string }
  | { readonly type: 'result'; readonly value: KeyedRunInstancesResult }
  | { readonly type: 'error'; readonly message: string };
