import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { runWithIdempotencyKey } from '@retrysafe/aws';
import { httpIdempotencyKey } from '@retrysafe/lambda';
import { errorResponse, type JsonResponse } from './error-response.js';
import { launchOrderInstance } from './launch-order.js';
import { OrderRequestError, parseOrderRequest } from './order-request.js';

export interface OrderServerOptions {
  /** An EC2 client with the retrysafe plugin, given a durable store (SQLite here). */
  readonly ec2: EC2Client;
  /** No AWS retry starts later than this after the request arrived. Default 10 s. */
  readonly retryWindowMs?: number;
}

export interface OrderServer {
  readonly server: Server;
  /** Listens on 127.0.0.1 (port 0: a free one) and answers the base URL. */
  listen(port?: number, host?: string): Promise<string>;
  /** Resolves once every order in progress has finished (a client that hung up does not stop its order). */
  drain(): Promise<void>;
  /** Stops taking requests, lets orders in progress finish, closes idle connections. */
  close(): Promise<void>;
}

export const ORDERS_PATH = '/orders';
const LOOPBACK_HOST = '127.0.0.1';
const DEFAULT_RETRY_WINDOW_MS = 10_000;
const MAX_BODY_BYTES = 16 * 1024;
const HTTP_CREATED = 201;
const HTTP_NOT_FOUND = 404;
const HTTP_METHOD_NOT_ALLOWED = 405;
const HTTP_PAYLOAD_TOO_LARGE = 413;

/**
 * POST /orders with an `Idempotency-Key` header and `{ imageId, instanceType,
 * customer }`: launches the order's instance once. The same key again (a
 * client that timed out and retried, two tabs, a proxy's retry) gets the
 * same instance; the same key with another body gets 422 naming the fields
 * that changed.
 */
export function createOrderServer(options: OrderServerOptions): OrderServer {
  const retryWindowMs = options.retryWindowMs ?? DEFAULT_RETRY_WINDOW_MS;
  const inFlight = new Set<Promise<void>>();

  const server = createServer((req, res) => {
    const order = handle(req, res).finally(() => inFlight.delete(order));
    inFlight.add(order);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== ORDERS_PATH) return send(res, { status: HTTP_NOT_FOUND, body: { error: 'NotFound' } });
    if (req.method !== 'POST') return send(res, { status: HTTP_METHOD_NOT_ALLOWED, headers: { allow: 'POST' }, body: { error: 'MethodNotAllowed' } });
    try {
      // headersDistinct keeps a repeated header's values apart: two different keys are refused.
      const key = httpIdempotencyKey({ multiValueHeaders: req.headersDistinct }, { eventKind: 'custom' });
      const body = await readBody(req);
      if (body === undefined) return send(res, { status: HTTP_PAYLOAD_TOO_LARGE, body: { error: 'PayloadTooLarge' } });
      const order = parseOrderRequest(body);
      const instance = await runWithIdempotencyKey(`orders/${key}`, () => launchOrderInstance(options.ec2, order), {
        deadline: Date.now() + retryWindowMs,
      });
      send(res, { status: HTTP_CREATED, body: { ...instance } });
    } catch (error) {
      send(res, errorResponse(error));
    }
  }

  const drain = async (): Promise<void> => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  };

  return {
    server,
    listen(port = 0, host = LOOPBACK_HOST) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          resolve(`http://${address.address}:${address.port}`);
        });
      });
    },
    drain,
    async close() {
      const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      server.closeIdleConnections();
      await drain();
      server.closeAllConnections();
      await closed;
    },
  };
}

/** The body as text, or undefined past the size limit. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Read to the end even past the limit: leaving early would reset the connection before the 413.
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  if (size > MAX_BODY_BYTES) return undefined;
  if (size === 0) throw new OrderRequestError('the body is empty');
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, response: JsonResponse): void {
  // A client that hung up gets nothing; its order has still run to the end.
  if (res.destroyed) return;
  res.writeHead(response.status, { 'content-type': 'application/json', ...response.headers }).end(`${JSON.stringify(response.body)}\n`);
}
