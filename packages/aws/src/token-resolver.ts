import {
  changedMembers,
  IdempotentParameterMismatchError,
  isValidMemberName,
  MAX_MEMBER_NAME_LENGTH,
  newTokenRecord,
  randomToken,
  TokenStoreError,
  UnsupportedInputError,
} from '@retrysafe/core';
import type { HandlerExecutionContext } from '@smithy/types';
import { commandFingerprint } from './command-state.js';
import { deriveKeyedToken } from './keyed-token.js';
import { operationScope } from './operation-scope.js';
import type { PendingSend } from './pending-send.js';

/**
 * The token for one send, in order: the caller's own; the one already bound
 * to this command (a resend); the one bound to the caller's key in the store;
 * a new one (derived from the key, or random). Resolved once per command: a
 * resend and a concurrent send share it.
 */
export function resolveToken(pending: PendingSend, context: HandlerExecutionContext): string | Promise<string> {
  const { state, operation, emit } = pending;
  if (pending.callerToken !== undefined) {
    state.tokenValue = pending.callerToken;
    emit({ type: 'token-reused', service: operation.service, operation: operation.operation, token: pending.callerToken, source: 'caller' });
    return pending.callerToken;
  }
  if (state.tokenValue !== undefined) {
    emit({ type: 'token-reused', service: operation.service, operation: operation.operation, token: state.tokenValue, source: 'command' });
    return state.tokenValue;
  }
  if (state.resolving !== undefined) return reuseResolving(pending, state.resolving);
  if (state.key === undefined) {
    state.tokenValue = issueRandom(pending);
    return state.tokenValue;
  }
  const resolution = bindKeyed(pending, state.key, context);
  state.resolving = resolution;
  return resolution.then(
    (token) => {
      state.tokenValue = token;
      state.resolving = undefined;
      return token;
    },
    (error: unknown) => {
      state.resolving = undefined;
      throw error;
    },
  );
}

/**
 * The store files one digest per top-level member under its name. AWS member
 * names always fit; a name that does not (a space, non-ASCII, 257+ characters)
 * is a caller's mistake the SDK would ignore, refused here as such rather
 * than by the store as a corrupt record.
 */
function refuseUnstorableMembers(members: Readonly<Record<string, string>>): void {
  for (const name of Object.keys(members)) {
    if (!isValidMemberName(name)) {
      throw new UnsupportedInputError(
        name,
        'member-name',
        `a keyed input's top-level member names must be 1-${MAX_MEMBER_NAME_LENGTH} printable ASCII characters without spaces`,
      );
    }
  }
}

/** A concurrent send of a command whose token is still being resolved shares that resolution. */
async function reuseResolving({ operation, emit }: PendingSend, resolving: Promise<string>): Promise<string> {
  const token = await resolving;
  emit({ type: 'token-reused', service: operation.service, operation: operation.operation, token, source: 'command' });
  return token;
}

function issueRandom({ operation, emit }: PendingSend): string {
  const token = randomToken(operation.limits);
  emit({ type: 'token-issued', service: operation.service, operation: operation.operation, token, source: 'random', keyed: false });
  return token;
}

async function bindKeyed(pending: PendingSend, key: string, context: HandlerExecutionContext): Promise<string> {
  const { operation, state, options, emit } = pending;
  const scope = await operationScope(context, operation, state.snapshot);
  const { token: derived, bindingKey } = deriveKeyedToken({
    ...scope,
    service: operation.service,
    operation: operation.operation,
    key,
    occurrence: state.occurrence,
    namespace: options.namespace,
    secret: options.secret,
    limits: operation.limits,
  });
  const fingerprint = commandFingerprint(state);
  refuseUnstorableMembers(fingerprint.members);
  const record = newTokenRecord({
    bindingKey,
    token: derived,
    fingerprint: fingerprint.digest,
    memberDigests: fingerprint.members,
    ttlMs: options.bindingTtlMs(operation.service, operation.operation),
  });

  let bound;
  try {
    bound = await options.store.bind(record);
  } catch (cause) {
    const error =
      cause instanceof TokenStoreError
        ? cause
        : new TokenStoreError({ store: options.store.name, kind: 'unavailable', action: 'bind', cause, token: derived });
    const proceeded = options.onStoreError === 'proceed' && error.kind === 'unavailable';
    emit({
      type: 'store-error',
      service: operation.service,
      operation: operation.operation,
      store: options.store.name,
      action: 'bind',
      errorName: error.name,
      proceeded,
    });
    // Proceeding sends the derived token: a retry of the same key still
    // reuses it, so even without the store there is no duplicate.
    if (proceeded) return derived;
    throw error;
  }

  state.bindingKey = record.bindingKey;
  const existing = bound.record;
  if (!bound.created && existing.fingerprint !== fingerprint.digest) {
    const changedPaths = changedMembers(existing.memberDigests, fingerprint.members);
    emit({
      type: 'mismatch',
      service: operation.service,
      operation: operation.operation,
      token: existing.token,
      source: 'local',
      serviceCode: undefined,
      changedPaths,
    });
    throw new IdempotentParameterMismatchError({
      token: existing.token,
      service: operation.service,
      operation: operation.operation,
      source: 'local',
      changedPaths,
    });
  }
  if (bound.created) {
    emit({ type: 'token-issued', service: operation.service, operation: operation.operation, token: existing.token, source: 'derived', keyed: true });
  } else {
    emit({ type: 'token-reused', service: operation.service, operation: operation.operation, token: existing.token, source: 'store' });
  }
  return existing.token;
}
