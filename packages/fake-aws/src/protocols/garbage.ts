import { HTTP_OK, REQUEST_ID_HEADER, type WireResponse } from './wire-response.js';

// The `garbage` fault: a 200 whose body cannot be parsed, as a truncated or
// corrupted response would arrive. The content type still claims the protocol's
// format so the SDK tries, and fails, to read it.

const TRUNCATED_XML = '<?xml version="1.0" encoding="UTF-8"?>\n<Response><<garbage';
const TRUNCATED_JSON = '{"garbage": ';

export function garbageResponse(format: 'xml' | 'json', requestId: string): WireResponse {
  return {
    status: HTTP_OK,
    headers: {
      'content-type': format === 'xml' ? 'text/xml' : 'application/json',
      [REQUEST_ID_HEADER]: requestId,
    },
    body: format === 'xml' ? TRUNCATED_XML : TRUNCATED_JSON,
  };
}
