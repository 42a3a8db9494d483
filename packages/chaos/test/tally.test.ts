import type { AnyResource } from '@retrysafe/fake-aws';
import type { OperationOutcome } from '../src/callers.js';
import { CHANGED_REVISION, FIRST_REVISION, logicalOperation, OPERATION_TAG, REVISION_TAG } from '../src/logical-operation.js';
import type { SendResult } from '../src/resend-loop.js';
import { tallyService, tallyTotal, type SettledOperation } from '../src/tally.js';

// Counting: resources are attributed to logical operations by their tag; a
// mismatch is the caller's only when it ended the caller's changed resend.

const ok: SendResult = { ok: true, sends: 1 };
const failed = (name: string): SendResult => ({ ok: false, sends: 9, error: Object.assign(new Error(name), { name }) });

function share(owner: string | undefined, revision = FIRST_REVISION): AnyResource {
  const tags: Record<string, string> = { [REVISION_TAG]: String(revision) };
  if (owner !== undefined) tags[OPERATION_TAG] = owner;
  return {
    resourceShareArn: `arn:aws:ram:us-east-1:123456789012:resource-share/${owner ?? 'x'}-${revision}-${Math.random()}`,
    name: `share-${owner}`,
    region: 'us-east-1',
    status: 'ACTIVE',
    clientToken: 'token',
    resourceArns: [],
    principals: [],
    tags,
    creationTime: new Date(0),
  };
}

function settled(index: number, outcome: OperationOutcome, latencyMs: number): SettledOperation {
  return { operation: logicalOperation('ram', index, 0), outcome, latencyMs };
}

test('duplicates, missing and stray resources, failures that created anyway, and whose mismatch it was', () => {
  const tally = tallyService({
    service: 'ram',
    operation: 'CreateResourceShare',
    httpAttempts: 42,
    settled: [
      settled(0, { primary: ok, mistake: undefined }, 10), // exactly one
      settled(1, { primary: ok, mistake: ok }, 20), // three: a resend duplicate and one from the changed resend
      settled(2, { primary: failed('InternalError'), mistake: undefined }, 30), // failed, nothing created
      settled(3, { primary: failed('AlreadyExistsException'), mistake: undefined }, 40), // failed, yet created
      settled(4, { primary: ok, mistake: failed('IdempotentParameterMismatchError') }, 50), // the caller's mismatch
      settled(5, { primary: failed('IdempotentParameterMismatch'), mistake: undefined }, 60), // a mismatch nobody asked for
    ],
    resources: [
      share('ram-0'),
      share('ram-1'),
      share('ram-1'),
      share('ram-1', CHANGED_REVISION),
      share('ram-3'),
      share('ram-4'),
      share('ram-5'),
      share(undefined),
      share('ram-99'),
    ],
  });
  expect(tally).toEqual({
    service: 'ram',
    operation: 'CreateResourceShare',
    logicalOperations: 6,
    httpAttempts: 42,
    resourcesCreated: 9,
    exactlyOnce: 4,
    duplicates: 2,
    duplicatesFromChangedResends: 1,
    withoutResource: 1,
    unattributed: 2,
    failedOperations: 3,
    failedButCreated: 2,
    callerMistakes: 2,
    mismatches: { callerCaused: 1, other: 1 },
    finalErrors: {
      InternalError: 1,
      AlreadyExistsException: 1,
      IdempotentParameterMismatchError: 1,
      IdempotentParameterMismatch: 1,
    },
    latencyMs: { p50: 30, p99: 60 },
  });

  const total = tallyTotal([tally, { ...tally, service: 'ec2', operation: 'RunInstances' }], [1, 2, 3, 4]);
  expect(total.duplicates).toBe(4);
  expect(total.mismatches).toEqual({ callerCaused: 2, other: 2 });
  expect(total.finalErrors).toEqual({
    InternalError: 2,
    AlreadyExistsException: 2,
    IdempotentParameterMismatchError: 2,
    IdempotentParameterMismatch: 2,
  });
  expect(total.latencyMs).toEqual({ p50: 2, p99: 4 });
});

test('no operations: zeros, not NaN', () => {
  const tally = tallyService({ service: 'ec2', operation: 'RunInstances', httpAttempts: 0, settled: [], resources: [] });
  expect(tally.latencyMs).toEqual({ p50: 0, p99: 0 });
  expect(tally.exactlyOnce).toBe(0);
});
