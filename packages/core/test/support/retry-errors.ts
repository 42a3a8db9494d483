import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * Errors shaped as the AWS SDK v3 throws them, and real Node network errors
 * from servers on 127.0.0.1.
 */

export interface ServiceErrorInit {
  /** The service's error code: the SDK makes it the error's `name`. */
  readonly name: string;
  readonly status: number;
  /** Modeled errors say; unmodeled ones (all of EC2's) default to 'client'. */
  readonly fault?: 'client' | 'server';
  /** Query-compatible or awsQuery code, copied from the body. */
  readonly Code?: string;
  readonly retryable?: { readonly throttling?: boolean };
  readonly headers?: Readonly<Record<string, string>>;
  readonly message?: string;
  readonly clockSkewCorrected?: boolean;
}

/**
 * As the SDK's deserializers build a ServiceException: `name` is the code,
 * `$fault`, `$metadata` with the status, `$retryable` only when the model
 * says so, and the raw response as the non-enumerable `$response`.
 */
export function serviceError(init: ServiceErrorInit): Error {
  const error = Object.assign(new Error(init.message ?? init.name), {
    name: init.name,
    $fault: init.fault ?? 'client',
    $metadata: {
      httpStatusCode: init.status,
      requestId: '5f1c2a4e-0000-4000-8000-000000000000',
      ...(init.clockSkewCorrected === undefined ? {} : { clockSkewCorrected: init.clockSkewCorrected }),
    },
  });
  if (init.Code !== undefined) Object.assign(error, { Code: init.Code });
  if (init.retryable !== undefined) Object.assign(error, { $retryable: { ...init.retryable } });
  Object.defineProperty(error, '$response', {
    value: { statusCode: init.status, headers: { 'content-type': 'text/xml', ...init.headers }, body: '' },
    enumerable: false,
  });
  return error;
}

/** What @smithy/node-http-handler does to a socket error with a timeout code: renames it TimeoutError. */
export function asSdkTimeoutError(error: Error): Error {
  return Object.assign(error, { name: 'TimeoutError' });
}

/** What the retry middleware adds to an error that got no response: attempts, no status. */
export function withAttemptMetadata(error: Error, attempts: number): Error {
  return Object.assign(error, { $metadata: { attempts, totalRetryDelay: 0 } });
}

/** The SDK's AbortError (build-abort-error.ts): the signal's reason kept as `cause`. */
export function sdkAbortError(reason?: unknown): Error {
  const error = new Error('Request aborted', reason === undefined ? undefined : { cause: reason });
  error.name = 'AbortError';
  return error;
}

/** A server on 127.0.0.1 (port 0) and a way to stop it, open sockets included. */
export interface LocalServer {
  readonly port: number;
  close(): Promise<void>;
}

/** A TCP server that answers every connection with a RST: clients see ECONNRESET. */
export function resettingServer(): Promise<LocalServer> {
  return listen(net.createServer((socket) => socket.resetAndDestroy()));
}

/** A TCP server that accepts and never answers (for timeouts and aborts). */
export function silentServer(): Promise<LocalServer> {
  return listen(net.createServer(() => undefined));
}

/** A port that had a server and has none now: connecting is refused. */
export async function closedPort(): Promise<number> {
  const server = await listen(net.createServer());
  await server.close();
  return server.port;
}

/** The error an http.request to 127.0.0.1:port fails with. */
export function httpRequestError(port: number, options: { signal?: AbortSignal } = {}): Promise<Error> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path: '/', method: 'POST', signal: options.signal });
    request.on('error', resolve);
    request.on('response', (response) => {
      response.resume();
      reject(new Error(`expected a failure, got HTTP ${String(response.statusCode)}`));
    });
    request.end('Action=RunInstances');
  });
}

/** The error a fetch to 127.0.0.1:port fails with. */
export function fetchError(port: number, init: { signal?: AbortSignal } = {}): Promise<unknown> {
  return fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: 'x', signal: init.signal }).then(
    (response) => Promise.reject(new Error(`expected a failure, got HTTP ${response.status}`)),
    (error: unknown) => error,
  );
}

function listen(server: net.Server): Promise<LocalServer> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        port,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
