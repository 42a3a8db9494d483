import type { ServiceName } from '@retrysafe/fake-aws';
import type { idempotencyPlugin } from '@retrysafe/aws';
import type { LogicalOperation } from '../logical-operation.js';

// What the workload needs from one service: a client and the create command
// of a logical operation. Resources are told apart by their tags.

/** A command as the caller holds it; only the service that built it sends it. */
export interface WorkloadCommand {
  readonly input: object;
}

/** The part of an SDK client the callers use. */
export interface WorkloadClient {
  send(command: WorkloadCommand): Promise<unknown>;
  destroy(): void;
}

export type RetrysafePlugin = ReturnType<typeof idempotencyPlugin>;

export interface ClientSettings {
  readonly endpoint: string;
  readonly region: string;
  /** The retrysafe plugin, or undefined for a bare client with the SDK's default retries. */
  readonly plugin: RetrysafePlugin | undefined;
}

export interface ServiceWorkload<S extends ServiceName = ServiceName> {
  readonly service: S;
  /** The operation that creates a resource, as the SDK and fake-aws name it. */
  readonly operation: string;
  createClient(settings: ClientSettings): WorkloadClient;
  /** A new create command for `operation` with the parameters of `revision`. */
  createCommand(operation: LogicalOperation, revision: number): WorkloadCommand;
  /** Changes the parameters of a command already sent to those of `revision`, as a careless caller would. */
  reviseCommand(command: WorkloadCommand, operation: LogicalOperation, revision: number): void;
}

/** Credentials for the fake endpoint: it checks the signature's shape, not the secret. */
export const FAKE_CREDENTIALS = { accessKeyId: 'AKIDCHAOS', secretAccessKey: 'chaos-secret' } as const;
