// An error a fake service answers with: the service's error code, message and
// HTTP status. Each protocol writes it in its own wire format.

export type ErrorFault = 'client' | 'server';

const HTTP_BAD_REQUEST = 400;
const HTTP_INTERNAL_ERROR = 500;

export class ServiceError extends Error {
  override readonly name = 'ServiceError';

  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus: number,
    readonly fault: ErrorFault,
  ) {
    super(message);
  }

  /** The caller's fault (awsQuery `Type` Sender). */
  static client(code: string, message: string, httpStatus: number = HTTP_BAD_REQUEST): ServiceError {
    return new ServiceError(code, message, httpStatus, 'client');
  }

  /** The service's fault (awsQuery `Type` Receiver). */
  static server(code: string, message: string, httpStatus: number = HTTP_INTERNAL_ERROR): ServiceError {
    return new ServiceError(code, message, httpStatus, 'server');
  }
}
