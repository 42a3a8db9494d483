/**
 * Checks a secret for an HMAC (token derivation, fingerprints, the plugin's
 * `secret` option) and returns it. `what` names it in the message. An empty
 * secret is almost always an unset environment variable read as '': it is
 * refused rather than used as a key everyone knows while believing otherwise.
 */
export function checkHmacSecret(secret: unknown, what: string): string | Uint8Array {
  if (typeof secret !== 'string' && !(secret instanceof Uint8Array)) {
    throw new TypeError(`${what} must be a string or a Uint8Array`);
  }
  if (secret.length === 0) throw new RangeError(`${what} must not be empty`);
  return secret;
}
