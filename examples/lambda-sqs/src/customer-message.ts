/** What one SQS message asks for: an environment for one customer. */
export interface CustomerEnvironment {
  /** Names the stack and the share: letters, digits and hyphens. */
  readonly customer: string;
  /** The customer's AWS account, given access through RAM. */
  readonly accountId: string;
  /** What is shared with the customer (a subnet, say). */
  readonly resourceArns: readonly string[];
}

/** A message the handler cannot act on: it fails, and SQS moves it to the dead-letter queue in the end. */
export class InvalidMessageError extends Error {
  override readonly name = 'InvalidMessageError';
}

const CUSTOMER_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
const ACCOUNT_ID_PATTERN = /^[0-9]{12}$/;
const ARN_PATTERN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:[0-9]{12}:.+$/;

/** Reads and checks a message body: `{ "customer", "accountId", "resourceArns" }`. */
export function parseCustomerMessage(body: string): CustomerEnvironment {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new InvalidMessageError('the message body is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null) throw new InvalidMessageError('the message body is not a JSON object');
  const { customer, accountId, resourceArns } = parsed as Record<string, unknown>;
  if (typeof customer !== 'string' || !CUSTOMER_PATTERN.test(customer)) {
    throw new InvalidMessageError('customer must be 1-63 lowercase letters, digits or hyphens');
  }
  if (typeof accountId !== 'string' || !ACCOUNT_ID_PATTERN.test(accountId)) {
    throw new InvalidMessageError('accountId must be a 12-digit AWS account ID');
  }
  if (!Array.isArray(resourceArns) || !resourceArns.every((arn): arn is string => typeof arn === 'string' && ARN_PATTERN.test(arn))) {
    throw new InvalidMessageError('resourceArns must be a list of ARNs');
  }
  return { customer, accountId, resourceArns };
}
