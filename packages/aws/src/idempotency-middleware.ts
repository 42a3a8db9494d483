import {
  changedPaths,
  classifyError,
  fingerprint,
  freezeInput,
  IdempotentParameterMismatchError,
  snapshotInput,
  validateClientToken,
} from '@retrysafe/core';
import type {
  HandlerExecutionContext,
  InitializeHandler,
  InitializeHandlerArguments,
  InitializeHandlerOutput,
  InitializeMiddleware,
  MetadataBearer,
} from '@smithy/types';
import { commandFingerprint, commandState, setCommandState, type CommandState } from './command-state.js';
import { mapServiceError } from './error-mapping.js';
import { createEmitter, type RetrysafeEvent } from './events.js';
import { commandIdempotencyKey, currentIdempotencyScope, nextOccurrence } from './idempotency-key.js';
import type { ResolvedOptions } from './options.js';
import { withPendingSend, type PendingSend } from './pending-send.js';
import { promiseOf } from './promise-of.js';
import { resolveTokenOperation, type TokenOperation } from './token-member.js';
import { isUnreadableSuccess } from './unreadable-success.js';

type Input = Record<string, unknown>;

/**
 * Initialize step, high priority: finds the token member, freezes the input
 * on first send (a changed resend fails here, before anything leaves), passes
 * a copy of the snapshot down, and turns the service's token conflicts into
 * retrysafe's typed errors on the way back.
 */
export function idempotencyMiddleware(options: ResolvedOptions): InitializeMiddleware<Input, MetadataBearer> {
  return (next: InitializeHandler<Input, MetadataBearer>, context: HandlerExecutionContext) => {
    const emit = createEmitter(options.onEvent, context.logger);
    return (args: InitializeHandlerArguments<Input>): Promise<InitializeHandlerOutput<MetadataBearer>> =>
      promiseOf(() => {
        const operation = resolveTokenOperation(context);
        if (operation === undefined) return next(args);

        // `send` hands the command itself to the first middleware; its input is the caller's object.
        const command: object = args;
        const state = freeze(command, args.input, operation, options, emit);

        const pending: PendingSend = {
          operation,
          state,
          callerToken: state.callerToken,
          options,
          emit,
          input: { ...state.snapshot },
          deadline: currentIdempotencyScope()?.deadline,
        };
        return promiseOf(() => next(withPendingSend(args, pending))).then(
          (result) =>
            state.bindingKey === undefined ? result : recordOutcome(options, state, operation, 'succeeded', emit).then(() => result),
          (error: unknown) => failSend(error, pending),
        );
      });
  };
}

/** A send that failed: its error mapped to retrysafe's typed ones, its outcome recorded where the service settled it. */
async function failSend(error: unknown, { operation, state, options, emit }: PendingSend): Promise<never> {
  if (state.tokenValue === undefined) state.abandoned = true;
  const mapped = mapServiceError(error, operation, state.tokenValue);
  if (mapped instanceof IdempotentParameterMismatchError && mapped.source === 'service') {
    emit({
      type: 'mismatch',
      service: operation.service,
      operation: operation.operation,
      token: mapped.token,
      source: 'service',
      serviceCode: mapped.serviceCode,
      changedPaths: mapped.changedPaths,
    });
  } else if (isDefinitiveRejection(error)) {
    await recordOutcome(options, state, operation, 'failed', emit);
  }
  throw mapped;
}

function readCallerToken(input: Input, operation: TokenOperation): string | undefined {
  const value = input[operation.member];
  if (value === undefined) return undefined;
  return validateClientToken(value, operation.limits, {
    service: operation.service,
    operation: operation.operation,
    member: operation.member,
  });
}

/** First send: snapshot and fingerprint. Resend: the input must still match the snapshot. */
function freeze(
  command: object,
  input: Input,
  operation: TokenOperation,
  options: ResolvedOptions,
  emit: (event: RetrysafeEvent) => void,
): CommandState {
  const fingerprintOptions = { exclude: [operation.member], secret: options.secret };
  const existing = commandState(command);
  // A first send that failed before any token was chosen sent nothing: freeze anew (below).
  const abandoned = existing !== undefined && existing.abandoned && existing.tokenValue === undefined;
  if (existing !== undefined && !abandoned) {
    checkResend(existing, input, operation, fingerprintOptions, emit);
    return existing;
  }

  const callerToken = readCallerToken(input, operation);
  // A keyed command keeps its place among its key's operations: a resend after
  // a store outage takes the token of the same occurrence, never the next one's.
  const { key, occurrence } = existing?.key !== undefined ? existing : placeInScope(command, operation);
  // An unkeyed command's digest is read only if it is sent again: copy now, digest then.
  const frozen = key === undefined ? { snapshot: freezeInput(input), fingerprint: undefined } : snapshotInput(input, fingerprintOptions);
  const state: CommandState = {
    snapshot: frozen.snapshot as Readonly<Input>,
    fingerprint: frozen.fingerprint,
    fingerprintOptions,
    callerToken,
    key,
    occurrence,
    resolving: undefined,
    tokenValue: undefined,
    bindingKey: undefined,
    abandoned: false,
  };
  setCommandState(command, state);
  return state;
}

/** The key a command is sent under, and which occurrence of its operation it is in that key's scope. */
function placeInScope(command: object, operation: TokenOperation): Pick<CommandState, 'key' | 'occurrence'> {
  const explicitKey = commandIdempotencyKey(command);
  if (explicitKey !== undefined) return { key: explicitKey, occurrence: 0 };
  const scope = currentIdempotencyScope();
  if (scope?.key === undefined) return { key: undefined, occurrence: 0 };
  return { key: scope.key, occurrence: nextOccurrence(scope, `${operation.service}:${operation.operation}`) };
}

/**
 * A resend must send what the first send sent: the same parameters, and no
 * token but the command's own. A changed resend fails here, before anything leaves.
 */
function checkResend(
  state: CommandState,
  input: Input,
  operation: TokenOperation,
  fingerprintOptions: CommandState['fingerprintOptions'],
  emit: (event: RetrysafeEvent) => void,
): void {
  let changed: string[] | undefined;
  if (fingerprint(input, fingerprintOptions).digest !== commandFingerprint(state).digest) {
    changed = changedPaths(withoutMember(state.snapshot, operation.member), withoutMember(input, operation.member));
  } else if (!isCommandToken(input[operation.member], state)) {
    changed = [operation.member];
  }
  if (changed === undefined) return;
  const token = state.tokenValue ?? state.callerToken ?? '';
  emit({ type: 'mismatch', service: operation.service, operation: operation.operation, token, source: 'local', serviceCode: undefined, changedPaths: changed });
  throw new IdempotentParameterMismatchError({
    token,
    service: operation.service,
    operation: operation.operation,
    source: 'local',
    changedPaths: changed,
    message: `${operation.service} ${operation.operation}: this command was already sent with other parameters; changed: ${changed.join(', ')}. Build a new command for a new operation.`,
  });
}

/** A resend's token member may be left out, or hold the token the command already carries. */
function isCommandToken(value: unknown, state: CommandState): boolean {
  return value === undefined || value === state.callerToken || (state.tokenValue !== undefined && value === state.tokenValue);
}

function withoutMember(input: Readonly<Input>, member: string): Input {
  const { [member]: _token, ...rest } = input;
  return rest;
}

/** A 4xx the service answered and that no retry changes: the operation did not happen. */
function isDefinitiveRejection(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata?.httpStatusCode;
  // A 2xx the SDK could not read is work the service did, whatever its retries made of it.
  return typeof status === 'number' && !isUnreadableSuccess(error) && classifyError(error) === 'not-retryable';
}

async function recordOutcome(
  options: ResolvedOptions,
  state: CommandState,
  operation: TokenOperation,
  status: 'succeeded' | 'failed',
  emit: (event: RetrysafeEvent) => void,
): Promise<void> {
  if (state.bindingKey === undefined || state.tokenValue === undefined) return;
  try {
    await options.store.complete(state.bindingKey, state.tokenValue, status);
  } catch (error) {
    // The call itself is settled: a lost outcome only leaves the binding 'pending'.
    emit({
      type: 'store-error',
      service: operation.service,
      operation: operation.operation,
      store: options.store.name,
      action: 'complete',
      errorName: error instanceof Error ? error.name : typeof error,
      proceeded: true,
    });
  }
}
