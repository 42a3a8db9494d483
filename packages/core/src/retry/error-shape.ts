import { MAX_CAUSE_DEPTH } from './constants.js';

/**
 * Duck-typed readers for errors as the AWS SDK v3 throws them. Core depends
 * on no SDK package, and `instanceof` is unreliable across copies of the SDK
 * anyway, so every check reads plain properties.
 */

type Bag = Record<string, unknown>;

function asBag(value: unknown): Bag | undefined {
  return typeof value === 'object' && value !== null ? (value as Bag) : undefined;
}

function stringProperty(bag: Bag | undefined, key: string): string | undefined {
  const value = bag?.[key];
  return typeof value === 'string' ? value : undefined;
}

export function errorName(error: unknown): string | undefined {
  return stringProperty(asBag(error), 'name');
}

export function errorMessage(error: unknown): string | undefined {
  return stringProperty(asBag(error), 'message');
}

/** Node's `code` ('ECONNRESET', ...) or a service's lowercase `code`. */
export function errorCode(error: unknown): string | undefined {
  return stringProperty(asBag(error), 'code');
}

/**
 * Every name the error goes by: `name` (the SDK sets it to the service's
 * code), `Code` (the query-compatible code, e.g. RAM's
 * 'IdempotentParameterMismatch') and `code`.
 */
export function errorCodes(error: unknown): string[] {
  const bag = asBag(error);
  const codes = [stringProperty(bag, 'name'), stringProperty(bag, 'Code'), stringProperty(bag, 'code')];
  return codes.filter((code): code is string => code !== undefined);
}

/** The raw HTTP response the SDK attaches as the hidden `$response`, if any. */
export function errorResponse(error: unknown): Bag | undefined {
  return asBag(asBag(error)?.['$response']);
}

/** `$metadata.httpStatusCode`, else the status of `$response`. */
export function httpStatusCode(error: unknown): number | undefined {
  const status = asBag(asBag(error)?.['$metadata'])?.['httpStatusCode'] ?? errorResponse(error)?.['statusCode'];
  return typeof status === 'number' && Number.isFinite(status) ? status : undefined;
}

/** True when an HTTP response came back (the SDK sets `$metadata.httpStatusCode` or `$response`). */
export function hasHttpResponse(error: unknown): boolean {
  return httpStatusCode(error) !== undefined || errorResponse(error) !== undefined;
}

/** The modeled `$retryable` trait: undefined when absent. */
export function retryableTrait(error: unknown): { throttling: boolean } | undefined {
  const bag = asBag(error);
  if (bag === undefined || !('$retryable' in bag) || bag['$retryable'] === undefined) return undefined;
  return { throttling: asBag(bag['$retryable'])?.['throttling'] === true };
}

/** The SDK corrected its clock after this error, so a retry is signed right. */
export function clockSkewCorrected(error: unknown): boolean {
  return asBag(asBag(error)?.['$metadata'])?.['clockSkewCorrected'] === true;
}

/** The response headers (`$response.headers`), if any. */
export function responseHeaders(error: unknown): Bag | undefined {
  return asBag(errorResponse(error)?.['headers']);
}

/** The error and its `cause` chain, outermost first, at most MAX_CAUSE_DEPTH deep, no cycles. */
export function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && chain.length <= MAX_CAUSE_DEPTH && !chain.includes(current)) {
    chain.push(current);
    current = asBag(current)?.['cause'];
  }
  return chain;
}
