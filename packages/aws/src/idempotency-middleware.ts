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
        const input = args.input;
        const callerToken = readCallerToken(input, operation);
        const state = freeze(command, input, operation, options, emit);

        const pending: PendingSend = {
          operation,
          state,
          callerToken,
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
  // A first send that failed before any token was chosen sent nothing: freeze anew.
  if (existing !== undefined && !(existing.abandoned && existing.tokenValue === undefined)) {
    const current = fingerprint(input, fingerprintOptions);
    if (current.digest !== commandFingerprint(existing).digest) {
      const changed = changedPaths(withoutMember(existing.snapshot, operation.member), withoutMember(input, operation.member));
      const token = existing.tokenValue ?? '';
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
    return existing;
  }

  const explicitKey = commandIdempotencyKey(command);
  const scope = currentIdempotencyScope();
  const key = explicitKey ?? scope?.key;
  const occurrence =
    explicitKey === undefined && scope !== undefined ? nextOccurrence(scope, `${operation.service}:${operation.operation}`) : 0;
  // An unkeyed command's digest is read only if it is sent again: copy now, digest then.
  const frozen = key === undefined ? { snapshot: freezeInput(input), fingerprint: undefined } : snapshotInput(input, fingerprintOptions);
  const state: CommandState = {
    snapshot: frozen.snapshot as Readonly<Input>,
    fingerprint: frozen.fingerprint,
    fingerprintOptions,
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

function withoutMember(input: Readonly<Input>, member: string): Input {
  const { [member]: _token, ...rest } = input;
  return rest;
}

/** A 4xx the service answered and that no retry changes: the operation did not happen. */
function isDefinitiveRejection(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata?.httpStatusCode;
  return typeof status === 'number' && classifyError(error) === 'not-retryable';
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
