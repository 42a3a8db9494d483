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
 * Errors by which DynamoDB says the store is set up wrong, not that it is
 * out: no such table (or not ACTIVE yet), a key schema that is not a token
 * table's (ValidationException), credentials or permissions refused.
 * Trying again cannot help until someone fixes it.
 */
const MISCONFIGURATION_ERRORS: ReadonlyMap<string, string> = new Map([
  [TABLE_NOT_FOUND, 'the table does not exist (or is not ACTIVE yet); create it with createTokenTable'],
  ['ValidationException', 'DynamoDB refused the request; is it a token table (partition key pk, a string, no sort key)?'],
  ['AccessDeniedException', 'the credentials may not use this table'],
  ['UnrecognizedClientException', 'DynamoDB does not know these credentials'],
]);

/**
 * A failed SDK call as `TokenStoreError`, keeping the original error as
 * `cause`: kind 'misconfigured' for an error that says the table or the
 * credentials are wrong (see `MISCONFIGURATION_ERRORS`), 'unavailable' for
 * everything else (network, throttling, 5xx, timeouts). The message names
 * the error (and the network error code), never the request's values.
 */
export function storeCallError(store: string, action: string, tableName: string, cause: unknown): TokenStoreError {
  const name = cause instanceof Error ? cause.name : undefined;
  const misconfiguration = name === undefined ? undefined : MISCONFIGURATION_ERRORS.get(name);
  return new TokenStoreError({
    store,
    kind: misconfiguration === undefined ? 'unavailable' : 'misconfigured',
    action,
    message: `token store '${store}' could not ${action} (table '${tableName}'): ${describeFailure(cause, misconfiguration)}`,
    cause,
  });
}

/** Whether DynamoDB answered that the table does not exist, or is not visible yet. */
export function isTableNotFound(error: unknown): boolean {
  return error instanceof Error && error.name === TABLE_NOT_FOUND;
}

function describeFailure(error: unknown, misconfiguration: string | undefined): string {
  if (!(error instanceof Error)) return 'the DynamoDB client failed';
  if (misconfiguration !== undefined) return `${error.name}: ${misconfiguration}`;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code !== error.name ? `${error.name} (${code})` : error.name;
}
