import type { ParamObject } from './params.js';
import type { WireResponse } from './protocols/wire-response.js';
import type { RequestContext } from './request-context.js';
import { ServiceError } from './service-error.js';
import type { ServiceName } from './services/service-name.js';

// One fake service bound to its wire protocol: what the server dispatches to.

export const HTTP_INTERNAL_ERROR = 500;
export const HTTP_SERVICE_UNAVAILABLE = 503;
/** The HTTP status of an injected server error: 500 (internal error) or 503 (service unavailable). */
export type ServerErrorStatus = typeof HTTP_INTERNAL_ERROR | typeof HTTP_SERVICE_UNAVAILABLE;

export interface ServiceEndpoint {
  readonly service: ServiceName;
  readonly responseFormat: 'xml' | 'json';
  readonly operations: readonly string[];
  /** The idempotency token the request carries, if any. */
  tokenOf(operation: string, params: ParamObject): string | undefined;
  /** Runs the operation; a ServiceError comes back rendered, never thrown. */
  invoke(operation: string, params: ParamObject, context: RequestContext): WireResponse;
  renderError(error: ServiceError, requestId: string): WireResponse;
  /** The service's own throttling error (the code and status its SDK expects). */
  throttlingError(): ServiceError;
  /** The service's own internal-failure error for a 500 or 503. */
  internalError(status: ServerErrorStatus): ServiceError;
}

/** Calls `run`, turning a thrown ServiceError into its rendered response. */
export function renderOutcome(
  render: (error: ServiceError) => WireResponse,
  run: () => WireResponse,
): WireResponse {
  try {
    return run();
  } catch (error) {
    if (error instanceof ServiceError) return render(error);
    throw error;
  }
}
