import { randomUUID } from 'node:crypto';
import { ORDERS_PATH } from './order-server.js';

// What `pnpm --filter @retrysafe/example-server start` shows: a client that
// retries with its key, concurrently, with another key, and with a changed body.

export interface OrderReply {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export const SAMPLE_ORDER = { imageId: 'ami-0abcdef1234567890', instanceType: 't3.micro', customer: 'acme' } as const;
const CONCURRENT_RETRIES = 5;

/** POSTs an order with an Idempotency-Key (none when `key` is undefined). */
export async function postOrder(baseUrl: string, key: string | undefined, body: unknown, signal?: AbortSignal): Promise<OrderReply> {
  const response = await fetch(`${baseUrl}${ORDERS_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key === undefined ? {} : { 'idempotency-key': key }) },
    body: JSON.stringify(body),
    signal,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export interface ClientDemoResult {
  readonly sameKey: readonly OrderReply[];
  readonly otherKey: OrderReply;
  readonly changedBody: OrderReply;
}

export async function runClientDemo(baseUrl: string, log: (line: string) => void): Promise<ClientDemoResult> {
  const key = randomUUID();
  log(`${CONCURRENT_RETRIES} concurrent POST ${ORDERS_PATH} with Idempotency-Key ${key}:`);
  const sameKey = await Promise.all(Array.from({ length: CONCURRENT_RETRIES }, () => postOrder(baseUrl, key, SAMPLE_ORDER)));
  for (const reply of sameKey) log(`  ${reply.status} ${JSON.stringify(reply.body)}`);

  const otherKey = await postOrder(baseUrl, randomUUID(), SAMPLE_ORDER);
  log(`the same order with another key (a new order): ${otherKey.status} ${JSON.stringify(otherKey.body)}`);

  const changedBody = await postOrder(baseUrl, key, { ...SAMPLE_ORDER, instanceType: 't3.large' });
  log(`the first key with another instanceType: ${changedBody.status} ${JSON.stringify(changedBody.body)}`);
  return { sameKey, otherKey, changedBody };
}
