import type { ServiceName } from '@retrysafe/fake-aws';

// One logical operation: an intent ("make this instance") that must produce
// exactly one resource however often it is sent. The workload names it by a
// tag on the resource, so resources can be counted per intent afterwards.

/** Tag that names the logical operation a resource belongs to. */
export const OPERATION_TAG = 'retrysafe-chaos-op';
/** Tag whose value the caller changes when it (wrongly) resends an intent with other parameters. */
export const REVISION_TAG = 'retrysafe-chaos-revision';
/** The parameters the intent was first sent with. */
export const FIRST_REVISION = 1;
/** The parameters of the caller's mistaken resend. */
export const CHANGED_REVISION = 2;

export interface LogicalOperation {
  readonly service: ServiceName;
  /** Position of the operation within its service, from 0. */
  readonly index: number;
  /** Unique within a run: the value of OPERATION_TAG and the base of unique resource names. */
  readonly id: string;
  /** The idempotency key a keyed caller gives it (an order ID, a message ID). */
  readonly key: string;
  /** Whether the caller, after success, resends it with changed parameters (a caller bug the plugin must catch). */
  readonly callerMistake: boolean;
}

export function logicalOperation(service: ServiceName, index: number, mistakeEvery: number): LogicalOperation {
  const id = `${service}-${index}`;
  return {
    service,
    index,
    id,
    key: `chaos-${id}`,
    callerMistake: mistakeEvery > 0 && index % mistakeEvery === mistakeEvery - 1,
  };
}

/** The tags every resource of an intent carries. */
export function operationTags(operation: LogicalOperation, revision: number): { Key: string; Value: string }[] {
  return [
    { Key: OPERATION_TAG, Value: operation.id },
    { Key: REVISION_TAG, Value: String(revision) },
  ];
}
