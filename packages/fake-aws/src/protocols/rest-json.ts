import type { ServiceError } from '../service-error.js';
import { HTTP_OK, REQUEST_ID_HEADER, type WireResponse } from './wire-response.js';

// The restJson1 protocol's responses: a JSON body, and errors named by the
// `x-amzn-errortype` header with `{ "message": ... }` as the body.

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | JsonObject;
export interface JsonObject {
  readonly [key: string]: JsonValue | undefined;
}

const JSON_CONTENT_TYPE = 'application/json';
export const ERROR_TYPE_HEADER = 'x-amzn-errortype';

export function restJsonSuccess(body: JsonObject, requestId: string): WireResponse {
  return {
    status: HTTP_OK,
    headers: { 'content-type': JSON_CONTENT_TYPE, [REQUEST_ID_HEADER]: requestId },
    body: JSON.stringify(body),
  };
}

export function restJsonError(error: ServiceError, requestId: string): WireResponse {
  return {
    status: error.httpStatus,
    headers: {
      'content-type': JSON_CONTENT_TYPE,
      [REQUEST_ID_HEADER]: requestId,
      [ERROR_TYPE_HEADER]: error.code,
    },
    body: JSON.stringify({ message: error.message }),
  };
}
