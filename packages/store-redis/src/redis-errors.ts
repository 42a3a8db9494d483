import { TokenStoreError } from '@retrysafe/core';

/** A Redis error reply for a key holding another data type. */
const WRONGTYPE = 'WRONGTYPE';
/**
 * Error replies that say the connection's user is set up wrong: no AUTH
 * where the server needs it, a wrong user or password, an ACL that denies a
 * command the store runs. No retry mends them.
 */
const MISCONFIGURATION_REPLIES: readonly string[] = ['NOAUTH', 'WRONGPASS', 'NOPERM'];

/** Whether Redis refused the credentials, or the user's ACL refused a command. */
export function isMisconfigurationReply(error: unknown): boolean {
  return error instanceof Error && MISCONFIGURATION_REPLIES.some((code) => error.message.startsWith(code));
}

/**
 * Anything the client or server threw, as a `TokenStoreError`. A key of
 * another data type is 'corrupt-record'; a refused AUTH or ACL is
 * 'misconfigured'; everything else (offline, closed, timed out, connection
 * lost, LOADING, READONLY, OOM, ...) is 'unavailable'. Errors that already
 * are `TokenStoreError` pass through.
 */
export function toTokenStoreError(error: unknown, store: string, action: string): TokenStoreError {
  if (error instanceof TokenStoreError) return error;
  const detail = error instanceof Error ? `${error.name}: ${firstLine(error.message)}` : 'unknown error';
  if (error instanceof Error && error.message.startsWith(WRONGTYPE)) return foreignTypeError(store, action, error);
  const misconfigured = isMisconfigurationReply(error);
  return new TokenStoreError({
    store,
    kind: misconfigured ? 'misconfigured' : 'unavailable',
    action,
    message: `token store '${store}' could not ${action}: ${detail}${misconfigured ? ' (check the user, password and ACL of the Redis URL or client)' : ''}`,
    cause: error,
  });
}

function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return end === -1 ? text : text.slice(0, end);
}

/** The binding's key holds a hash, list, set, ...: not a token record, and not an absent binding. */
export function foreignTypeError(store: string, action: string, cause?: unknown): TokenStoreError {
  return new TokenStoreError({
    store,
    kind: 'corrupt-record',
    action,
    message: `token store '${store}' could not ${action}: the key holds a value of another Redis type, not a token record`,
    cause,
  });
}
