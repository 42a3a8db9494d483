import type { ServiceError } from '../service-error.js';
import { el, leaf, renderXmlDocument, withAttributes, type XmlNode } from '../xml.js';
import { HTTP_OK, REQUEST_ID_HEADER, type WireResponse } from './wire-response.js';

// The ec2Query protocol's responses: `<{Operation}Response xmlns=EC2>` with a
// lower-camel `requestId` first, and errors as `<Response><Errors><Error>`.

export const EC2_API_VERSION = '2016-11-15';
export const EC2_XML_NAMESPACE = `http://ec2.amazonaws.com/doc/${EC2_API_VERSION}/`;
const XML_CONTENT_TYPE = 'text/xml;charset=UTF-8';

function xmlResponse(status: number, requestId: string, body: string): WireResponse {
  return { status, headers: { 'content-type': XML_CONTENT_TYPE, [REQUEST_ID_HEADER]: requestId }, body };
}

export function ec2QuerySuccess(operation: string, members: readonly XmlNode[], requestId: string): WireResponse {
  const root = withAttributes(el(`${operation}Response`, leaf('requestId', requestId), ...members), {
    xmlns: EC2_XML_NAMESPACE,
  });
  return xmlResponse(HTTP_OK, requestId, renderXmlDocument(root));
}

export function ec2QueryError(error: ServiceError, requestId: string): WireResponse {
  const root = el(
    'Response',
    el('Errors', el('Error', leaf('Code', error.code), leaf('Message', error.message))),
    leaf('RequestID', requestId),
  );
  return xmlResponse(error.httpStatus, requestId, renderXmlDocument(root));
}
