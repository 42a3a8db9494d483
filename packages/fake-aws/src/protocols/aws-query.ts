import type { ServiceError } from '../service-error.js';
import { el, leaf, renderXmlDocument, withAttributes, type XmlNode } from '../xml.js';
import { HTTP_OK, REQUEST_ID_HEADER, type WireResponse } from './wire-response.js';

// The awsQuery protocol's responses: `<{Operation}Response>` wrapping
// `<{Operation}Result>` and `ResponseMetadata`, and errors as `<ErrorResponse>`
// whose `Type` says whose fault it was (Sender or Receiver).

const XML_CONTENT_TYPE = 'text/xml';

function xmlResponse(status: number, requestId: string, body: string): WireResponse {
  return { status, headers: { 'content-type': XML_CONTENT_TYPE, [REQUEST_ID_HEADER]: requestId }, body };
}

/** `result` undefined: the operation has no output (DeleteStack), so no Result element. */
export function awsQuerySuccess(
  operation: string,
  namespace: string,
  result: readonly XmlNode[] | undefined,
  requestId: string,
): WireResponse {
  const root = withAttributes(
    el(
      `${operation}Response`,
      result === undefined ? undefined : el(`${operation}Result`, ...result),
      el('ResponseMetadata', leaf('RequestId', requestId)),
    ),
    { xmlns: namespace },
  );
  return xmlResponse(HTTP_OK, requestId, renderXmlDocument(root));
}

export function awsQueryError(error: ServiceError, namespace: string, requestId: string): WireResponse {
  const root = withAttributes(
    el(
      'ErrorResponse',
      el(
        'Error',
        leaf('Type', error.fault === 'client' ? 'Sender' : 'Receiver'),
        leaf('Code', error.code),
        leaf('Message', error.message),
      ),
      leaf('RequestId', requestId),
    ),
    { xmlns: namespace },
  );
  return xmlResponse(error.httpStatus, requestId, renderXmlDocument(root));
}
