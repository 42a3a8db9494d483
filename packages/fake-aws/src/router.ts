import type { IncomingHttpHeaders } from 'node:http';

import type { ServiceEndpoint } from './endpoint.js';
import type { ParamObject } from './params.js';
import { EC2_API_VERSION, ec2QueryError } from './protocols/ec2-query.js';
import { parseQueryBody, unwrapListMembers } from './protocols/query-params.js';
import { restJsonError } from './protocols/rest-json.js';
import type { WireResponse } from './protocols/wire-response.js';
import { signingScope } from './request-context.js';
import { ServiceError } from './service-error.js';
import { CLOUDFORMATION_API_VERSION } from './services/cloudformation-wire.js';
import { RAM_ROUTES } from './services/ram-wire.js';
import type { ServiceName } from './services/service-name.js';

// Finds the service and operation a request is for, the way AWS endpoints
// would: query protocols POST a form to `/` naming `Action` and `Version`
// (the Version, else the SigV4 signing name, tells EC2 from CloudFormation);
// restJson1 names the operation by its path.

export interface RoutedRequest {
  readonly kind: 'routed';
  readonly endpoint: ServiceEndpoint;
  readonly operation: string;
  readonly params: ParamObject;
}

export interface RejectedRequest {
  readonly kind: 'rejected';
  readonly response: WireResponse;
}

export interface IncomingCall {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly requestId: string;
}

const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';
const QUERY_PATH = '/';
const HTTP_NOT_FOUND = 404;
const HTTP_METHOD_NOT_ALLOWED = 405;

export class Router {
  private readonly byVersion: ReadonlyMap<string, ServiceEndpoint>;

  constructor(private readonly endpoints: Readonly<Record<ServiceName, ServiceEndpoint>>) {
    this.byVersion = new Map([
      [EC2_API_VERSION, endpoints.ec2],
      [CLOUDFORMATION_API_VERSION, endpoints.cloudformation],
    ]);
  }

  route(call: IncomingCall): RoutedRequest | RejectedRequest {
    const ramOperation = RAM_ROUTES[call.path.toLowerCase()];
    if (ramOperation !== undefined) return this.routeRestJson(call, ramOperation);
    if (call.path === QUERY_PATH && (call.headers['content-type'] ?? '').startsWith(FORM_CONTENT_TYPE)) {
      return this.routeQuery(call);
    }
    return reject(
      restJsonError(
        ServiceError.client('UnknownOperationException', `No operation is served at ${call.method} ${call.path}.`, HTTP_NOT_FOUND),
        call.requestId,
      ),
    );
  }

  private routeRestJson(call: IncomingCall, operation: string): RoutedRequest | RejectedRequest {
    const endpoint = this.endpoints.ram;
    if (call.method !== 'POST') {
      const error = ServiceError.client('UnknownOperationException', `${operation} takes POST.`, HTTP_METHOD_NOT_ALLOWED);
      return reject(endpoint.renderError(error, call.requestId));
    }
    let params: unknown;
    try {
      params = call.body === '' ? {} : JSON.parse(call.body);
    } catch {
      params = undefined;
    }
    if (typeof params !== 'object' || params === null || Array.isArray(params)) {
      const error = ServiceError.client('SerializationException', 'The request body is not a JSON object.');
      return reject(endpoint.renderError(error, call.requestId));
    }
    return { kind: 'routed', endpoint, operation, params: params as ParamObject };
  }

  private routeQuery(call: IncomingCall): RoutedRequest | RejectedRequest {
    let query;
    try {
      query = parseQueryBody(call.body);
    } catch (error) {
      if (error instanceof ServiceError) return reject(ec2QueryError(error, call.requestId));
      throw error;
    }
    const endpoint = this.queryEndpoint(query.version, query.action, call.headers);
    if (endpoint === undefined || query.action === undefined || !endpoint.operations.includes(query.action)) {
      const error =
        query.action === undefined
          ? ServiceError.client('MissingAction', 'The request must contain the parameter Action.')
          : ServiceError.client('InvalidAction', `The action ${query.action} is not valid for this web service.`);
      return reject((endpoint ?? this.endpoints.ec2).renderError(error, call.requestId));
    }
    const params = endpoint.service === 'cloudformation' ? unwrapListMembers(query.params) : query.params;
    return { kind: 'routed', endpoint, operation: query.action, params };
  }

  private queryEndpoint(
    version: string | undefined,
    action: string | undefined,
    headers: IncomingHttpHeaders,
  ): ServiceEndpoint | undefined {
    const byVersion = version === undefined ? undefined : this.byVersion.get(version);
    if (byVersion !== undefined) return byVersion;
    const signedFor = signingScope(headers)?.service;
    if (signedFor === 'ec2') return this.endpoints.ec2;
    if (signedFor === 'cloudformation') return this.endpoints.cloudformation;
    return [this.endpoints.ec2, this.endpoints.cloudformation].find((e) => action !== undefined && e.operations.includes(action));
  }
}

function reject(response: WireResponse): RejectedRequest {
  return { kind: 'rejected', response };
}
