import type { CommandState } from './command-state.js';
import type { RetrysafeEvent } from './events.js';
import type { ResolvedOptions } from './options.js';
import type { TokenOperation } from './token-member.js';

/**
 * One send on its way from the freeze (initialize step) through the token
 * injection (serialize) to the retry loop (finalize). It travels on the
 * handler args, never on the context: with `cacheMiddleware` the context is
 * shared by every send of a command class.
 */
export interface PendingSend {
  readonly operation: TokenOperation;
  readonly state: CommandState;
  /** The caller's own token, validated, when the input carried one. */
  readonly callerToken: string | undefined;
  readonly options: ResolvedOptions;
  readonly emit: (event: RetrysafeEvent) => void;
  /** This send's own copy of the snapshot: the one serialized, with the token written into it. */
  readonly input: Record<string, unknown>;
  /** Epoch ms after which no retry may start, from the key's scope. */
  readonly deadline: number | undefined;
}

/**
 * Where the pending send rides: on the args (every SDK step passes args on
 * with a spread, symbols included) and on the send's own input copy, for
 * middleware that rebuilds the args without spreading them but passes the
 * input (or a spread of it) along. A symbol-keyed member is invisible to the
 * serializers and loggers, which read inputs through the operation's schema.
 */
const PENDING_SEND = Symbol.for('retrysafe.pendingSend');

type CarriesPendingSend = { [PENDING_SEND]?: PendingSend };

/** The args to pass on for `pending`, its input in place of the caller's; the input carries it too. */
export function withPendingSend<Args extends object>(args: Args, pending: PendingSend): Args {
  (pending.input as CarriesPendingSend)[PENDING_SEND] = pending;
  return { ...args, input: pending.input, [PENDING_SEND]: pending };
}

/** The pending send these args belong to, at any step after the freeze; undefined for a send retrysafe does not track. */
export function pendingSendOf(args: { readonly input?: unknown }): PendingSend | undefined {
  const carried = (args as CarriesPendingSend)[PENDING_SEND];
  if (carried !== undefined) return carried;
  const input = args.input;
  return typeof input === 'object' && input !== null ? (input as CarriesPendingSend)[PENDING_SEND] : undefined;
}
