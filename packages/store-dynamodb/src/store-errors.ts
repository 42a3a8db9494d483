import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { TokenStoreError } from '@retrysafe/core';

const CONDITIONAL_CHECK_FAILED = 'ConditionalCheckFailedException';
const TABLE_NOT_FOUND = 'ResourceNotFoundException';

/** The item a failed conditional write returned, when the server sent it back. */
export interface ConditionalCheckFailure {
  readonly item: Record<string, AttributeValue> | undefined;
}

/**
 * The failed condition of a conditional write, or undefined for any other
 * error. Matched by name, as the SDK's own `instanceof` checks do.
 */
export function conditionalCheckFailure(error: unknown): ConditionalCheckFailure | undefined {
  if (!(error instanceof Error) || error.name !== CONDITIONAL_CHECK_FAILED) return undefined;
  const item: unknown = (error as { Item?: unknown }).Item;
  return { item: typeof item === 'object' && item !== null ? (item as Record<string, AttributeValue>) : undefined };
}

/**
 * A failed SDK call as `TokenStoreError` kind 'unavailable', keeping the
 * original error as `cause`. The message names the error (and the network
 * error code), never the request's values.
 */
export function unavailableError(store: string, action: string, tableName: string, cause: unknown): TokenStoreError {
  return new TokenStoreError({
    store,
    kind: 'unavailable',
    action,
    message: `token store '${store}' could not ${action} (table '${tableName}'): ${describeFailure(cause)}`,
    cause,
  });
}

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return 'the DynamoDB client failed';
  if (error.name === TABLE_NOT_FOUND) return `${TABLE_NOT_FOUND}: the table does not exist; create it with createTokenTable`;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code !== error.name ? `${error.name} (${code})` : error.name;
}
