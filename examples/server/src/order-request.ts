/** An order for one instance, as clients POST it to /orders. */
export interface OrderRequest {
  readonly imageId: string;
  readonly instanceType: string;
  readonly customer: string;
}

/** A body the API cannot take: HTTP 400. */
export class OrderRequestError extends Error {
  override readonly name = 'OrderRequestError';
}

const IMAGE_ID_PATTERN = /^ami-[0-9a-f]{8,17}$/;
const INSTANCE_TYPE_PATTERN = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const CUSTOMER_PATTERN = /^[A-Za-z0-9 ._-]{1,64}$/;

/** The body's fields, checked. */
export function parseOrderRequest(body: string): OrderRequest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new OrderRequestError('the body must be JSON');
  }
  if (typeof parsed !== 'object' || parsed === null) throw new OrderRequestError('the body must be a JSON object');
  const { imageId, instanceType, customer } = parsed as Record<string, unknown>;
  if (typeof imageId !== 'string' || !IMAGE_ID_PATTERN.test(imageId)) throw new OrderRequestError('imageId must be an AMI ID (ami-...)');
  if (typeof instanceType !== 'string' || !INSTANCE_TYPE_PATTERN.test(instanceType)) {
    throw new OrderRequestError('instanceType must be an instance type (t3.micro, ...)');
  }
  if (typeof customer !== 'string' || !CUSTOMER_PATTERN.test(customer)) throw new OrderRequestError('customer must be 1-64 plain characters');
  return { imageId, instanceType, customer };
}
