const SUCCESS_MIN = 200;
const SUCCESS_MAX = 299;

/**
 * A 2xx answer the SDK could not parse (a garbled or cut body). The service
 * did the work; the caller only lost the result. When the request carries an
 * idempotency token, sending it again returns the original result and
 * creates nothing, so such a failure is worth a retry.
 */
export function isUnreadableSuccess(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata?.httpStatusCode;
  return typeof status === 'number' && status >= SUCCESS_MIN && status <= SUCCESS_MAX;
}
