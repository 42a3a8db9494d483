import type { EventKind } from './event-kind.js';
import { IdempotencyKeyError } from './idempotency-key-error.js';

/** The header clients name a logical operation with (IETF draft "The Idempotency-Key HTTP Header Field"). */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** Longest header key accepted (Stripe's limit; a UUID is 36). */
export const MAX_HTTP_IDEMPOTENCY_KEY_LENGTH = 255;

/** The header parts of API Gateway (REST and HTTP APIs), Function URL and ALB events. */
export interface HttpHeaders {
  readonly headers?: Readonly<Record<string, string | undefined>> | null;
  readonly multiValueHeaders?: Readonly<Record<string, readonly string[] | undefined>> | null;
}

/** Options of `httpIdempotencyKey`. */
export interface HttpKeyOptions {
  /** Default `Idempotency-Key`. */
  readonly header?: string;
  /** What errors name as the event's kind. Default 'api-gateway-rest'. */
  readonly eventKind?: EventKind;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;
const QUOTE = '"';
const BACKSLASH = '\\';

/**
 * The `Idempotency-Key` header (any letter case) of an HTTP event, as
 * `http:<value>`. A value sent as a quoted structured-field string (as the
 * IETF draft writes it) is unquoted. Throws `IdempotencyKeyError`: 'missing'
 * without the header, 'invalid' for an empty, overlong or non-ASCII value or
 * two different values. Works on any headers object: Node's
 * `{ multiValueHeaders: req.headersDistinct }` too.
 */
export function httpIdempotencyKey(event: HttpHeaders, options: HttpKeyOptions = {}): string {
  const header = options.header ?? IDEMPOTENCY_KEY_HEADER;
  const kind = options.eventKind ?? 'api-gateway-rest';
  const values = headerValues(event, header.toLowerCase());
  if (values.length === 0) {
    throw new IdempotencyKeyError({
      reason: 'missing',
      eventKind: kind,
      header,
      message: `retrysafe: the request has no ${header} header; send one (a UUID) so a retried request is recognised`,
    });
  }
  const distinct = [...new Set(values.map((value) => parseKey(value, kind, header)))];
  if (distinct.length > 1) {
    throw invalid(kind, header, `the ${header} header has ${distinct.length} different values`);
  }
  return `http:${distinct[0]}`;
}

/** Every value of the header in either map, names compared without case. */
function headerValues(event: HttpHeaders, lowerName: string): string[] {
  const values: string[] = [];
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (name.toLowerCase() === lowerName && typeof value === 'string') values.push(value);
  }
  for (const [name, list] of Object.entries(event.multiValueHeaders ?? {})) {
    if (name.toLowerCase() !== lowerName || !Array.isArray(list)) continue;
    for (const value of list) if (typeof value === 'string') values.push(value);
  }
  return values;
}

function parseKey(raw: string, kind: EventKind, header: string): string {
  const trimmed = raw.trim();
  const key = trimmed.startsWith(QUOTE) ? unquote(trimmed, kind, header) : trimmed;
  if (key.length === 0) throw invalid(kind, header, `the ${header} header is empty`);
  if (key.length > MAX_HTTP_IDEMPOTENCY_KEY_LENGTH) {
    throw invalid(kind, header, `the ${header} header is longer than ${MAX_HTTP_IDEMPOTENCY_KEY_LENGTH} characters`);
  }
  if (!PRINTABLE_ASCII.test(key)) throw invalid(kind, header, `the ${header} header must be printable ASCII`);
  return key;
}

/** An RFC 8941 sf-string: "..." with only \" and \\ escaped. */
function unquote(quoted: string, kind: EventKind, header: string): string {
  let result = '';
  for (let i = 1; i < quoted.length; i++) {
    const char = quoted[i];
    if (char === BACKSLASH) {
      const next = quoted[i + 1];
      if (next !== QUOTE && next !== BACKSLASH) break;
      result += next;
      i++;
    } else if (char === QUOTE) {
      if (i === quoted.length - 1) return result;
      break;
    } else {
      result += char;
    }
  }
  throw invalid(kind, header, `the ${header} header is not a well-formed quoted string`);
}

function invalid(kind: EventKind, header: string, what: string): IdempotencyKeyError {
  return new IdempotencyKeyError({ reason: 'invalid', eventKind: kind, header, message: `retrysafe: ${what}` });
}
