import { HTTP_SERVICE_UNAVAILABLE, renderOutcome, type ServerErrorStatus, type ServiceEndpoint } from '../endpoint.js';
import { getString, type ParamObject } from '../params.js';
import { restJsonError, restJsonSuccess, type JsonObject } from '../protocols/rest-json.js';
import type { RequestContext } from '../request-context.js';
import { ServiceError } from '../service-error.js';
import type { RamService, ResourceShare } from './ram.js';

// RAM over restJson1: each operation is a POST to its own path with a JSON
// body; timestamps are epoch seconds.

export const RAM_ROUTES: Readonly<Record<string, string>> = {
  '/createresourceshare': 'CreateResourceShare',
  '/getresourceshares': 'GetResourceShares',
};
export const RAM_OPERATIONS = Object.values(RAM_ROUTES);

const HTTP_TOO_MANY_REQUESTS = 429;
const HTTP_NOT_FOUND = 404;
const MILLISECONDS_PER_SECOND = 1000;

export function ramEndpoint(ram: RamService): ServiceEndpoint {
  return {
    service: 'ram',
    responseFormat: 'json',
    operations: RAM_OPERATIONS,
    tokenOf: (operation, params) => (operation === 'CreateResourceShare' ? getString(params, 'clientToken') : undefined),
    invoke: (operation, params, context) =>
      renderOutcome(
        (error) => restJsonError(error, context.requestId),
        () => restJsonSuccess(runOperation(ram, operation, params, context), context.requestId),
      ),
    renderError: restJsonError,
    throttlingError: () => ServiceError.client('ThrottlingException', 'Rate exceeded.', HTTP_TOO_MANY_REQUESTS),
    internalError: (status: ServerErrorStatus) =>
      status === HTTP_SERVICE_UNAVAILABLE
        ? ServiceError.server('ServiceUnavailableException', 'The service is not available.', status)
        : ServiceError.server('ServerInternalException', 'The service could not respond to the request due to an internal problem.', status),
  };
}

function runOperation(ram: RamService, operation: string, params: ParamObject, context: RequestContext): JsonObject {
  switch (operation) {
    case 'CreateResourceShare': {
      const result = ram.createResourceShare(params, context);
      return { resourceShare: shareJson(result.resourceShare), clientToken: result.clientToken };
    }
    case 'GetResourceShares': {
      const page = ram.getResourceShares(params, context);
      return { resourceShares: page.resourceShares.map(shareJson), nextToken: page.nextToken };
    }
    default:
      throw ServiceError.client('UnknownOperationException', `The operation ${operation} is not supported.`, HTTP_NOT_FOUND);
  }
}

function epochSeconds(date: Date): number {
  return date.getTime() / MILLISECONDS_PER_SECOND;
}

function shareJson(share: ResourceShare): JsonObject {
  return {
    resourceShareArn: share.resourceShareArn,
    name: share.name,
    owningAccountId: share.owningAccountId,
    allowExternalPrincipals: share.allowExternalPrincipals,
    status: share.status,
    tags: share.tags.length > 0 ? share.tags.map((t) => ({ key: t.key, value: t.value })) : undefined,
    creationTime: epochSeconds(share.creationTime),
    lastUpdatedTime: epochSeconds(share.lastUpdatedTime),
    featureSet: share.featureSet,
  };
}

