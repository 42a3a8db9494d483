import { AMZ_RETRY_AFTER_HEADER, MS_PER_SECOND, RETRY_AFTER_HEADER } from './constants.js';
import { responseHeaders } from './error-shape.js';

/** delay-seconds: digits, optionally with a fraction (the SDK accepts one too). */
const DELAY_SECONDS = /^\d+(\.\d+)?$/;
/** x-amz-retry-after: whole milliseconds. */
const DELAY_MILLISECONDS = /^\d+$/;
/** HTTP-date (IMF-fixdate or RFC 850) always ends in GMT; anything else Date.parse would guess at. */
const HTTP_DATE = /GMT$/;

/**
 * The server's hint (ms from `now`) of when to retry, read from the error's
 * `$response.headers` (names case-insensitive): `x-amz-retry-after`
 * (milliseconds, AWS's own and more precise, so it wins) or `retry-after`
 * (seconds or an HTTP-date; a date in the past is 0). Undefined when there is
 * no usable hint. The value is not capped here: the policy decides.
 */
export function retryAfterMs(error: unknown, now: number): number | undefined {
  const headers = responseHeaders(error);
  if (headers === undefined) return undefined;
  const amz = headerValue(headers, AMZ_RETRY_AFTER_HEADER);
  if (amz !== undefined && DELAY_MILLISECONDS.test(amz)) return Number(amz);
  const retryAfter = headerValue(headers, RETRY_AFTER_HEADER);
  if (retryAfter === undefined) return undefined;
  if (DELAY_SECONDS.test(retryAfter)) return Number(retryAfter) * MS_PER_SECOND;
  if (!HTTP_DATE.test(retryAfter)) return undefined;
  const at = Date.parse(retryAfter);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function headerValue(headers: Record<string, unknown>, wanted: string): string | undefined {
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== wanted) continue;
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') return first.trim();
    if (typeof first === 'number') return String(first);
  }
  return undefined;
}
