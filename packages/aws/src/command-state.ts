import { fingerprint, type Fingerprint, type FingerprintOptions } from '@retrysafe/core';
import { ObjectSlot } from './object-slot.js';

/** What retrysafe remembers about one command object once it has been sent. */
export interface CommandState {
  /** Deep-frozen copy of the input at first send: every attempt and resend sends this. */
  readonly snapshot: Readonly<Record<string, unknown>>;
  /**
   * Fingerprint of the snapshot, token member excluded, once computed: at the
   * freeze for a keyed command (its bind needs it), else at the first resend
   * (`commandFingerprint`). The snapshot cannot change, so later is the same.
   */
  fingerprint: Fingerprint | undefined;
  readonly fingerprintOptions: FingerprintOptions;
  /** The token the caller set in the input at first send: a resend carries it even if the caller's object no longer does. */
  readonly callerToken: string | undefined;
  /** The caller's idempotency key, if the command is keyed. */
  readonly key: string | undefined;
  /** The n-th command of this operation in its key's scope. */
  readonly occurrence: number;
  /** A keyed token still being bound in the store: a concurrent send of the command waits for it. */
  resolving: Promise<string> | undefined;
  /** The token, once resolved: every later attempt and resend sends it; errors and `getIdempotencyToken` report it. */
  tokenValue: string | undefined;
  /** The store binding of a keyed command, once bound. */
  bindingKey: string | undefined;
  /** A send failed before any token was chosen: nothing left the process. */
  abandoned: boolean;
}

const states = new ObjectSlot<CommandState>('retrysafe.commandState');

/** The command's fingerprint, computed from its snapshot on first need. */
export function commandFingerprint(state: CommandState): Fingerprint {
  state.fingerprint ??= fingerprint(state.snapshot, state.fingerprintOptions);
  return state.fingerprint;
}

export function commandState(command: object): CommandState | undefined {
  return states.get(command);
}

export function setCommandState(command: object, state: CommandState): void {
  states.set(command, state);
}

/**
 * The idempotency token bound to a command once it has been sent (the same
 * for every attempt and resend), or undefined before its first send.
 */
export function getIdempotencyToken(command: object): string | undefined {
  return states.get(command)?.tokenValue;
}
