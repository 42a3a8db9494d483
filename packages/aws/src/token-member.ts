import { findTokenMember, type TokenLimits } from '@retrysafe/core';
import { NormalizedSchema } from '@smithy/core/schema';
import type { HandlerExecutionContext } from '@smithy/types';

/** The operation a request belongs to, and the input member that carries its token. */
export interface TokenOperation {
  /** The SDK's name for the service, from the client class ('EC2', 'CloudFormation', 'RAM'). */
  readonly service: string;
  readonly operation: string;
  /** The input member that carries the token ('ClientToken', 'ClientRequestToken', 'clientToken', ...). */
  readonly member: string;
  /** Whether the model marks the member: the SDK itself fills those when empty. */
  readonly traited: boolean;
  readonly limits: TokenLimits;
}

const CLIENT_SUFFIX = /Client$/;
const COMMAND_SUFFIX = /Command$/;
const SMITHY_CONTEXT_KEY = '__smithy_context';
/** Index of the input schema in a static operation schema tuple. */
const OPERATION_INPUT_INDEX = 4;

// One lookup per client class and command class: the answer never changes.
const cache = new Map<string, TokenOperation | null>();

/**
 * Finds the token member of the operation being sent: first the model's
 * `idempotencyToken` trait (every schema-based client carries it), then the
 * untraited members the AWS models name (CloudFormation ClientRequestToken,
 * RAM clientToken, ...). Returns undefined for operations without one.
 */
export function resolveTokenOperation(context: HandlerExecutionContext): TokenOperation | undefined {
  const smithy = context[SMITHY_CONTEXT_KEY];
  // Every send asks: a schema-based command's static operation schema answers by identity.
  const operationSchema: unknown = smithy?.['operationSchema'];
  const bySchema = typeof operationSchema === 'object' && operationSchema !== null ? schemaCache.get(operationSchema) : undefined;
  if (bySchema !== undefined && bySchema.clientName === context.clientName) return bySchema.operation ?? undefined;
  const resolved = resolveByName(context);
  if (typeof operationSchema === 'object' && operationSchema !== null) {
    schemaCache.set(operationSchema, { clientName: context.clientName, operation: resolved ?? null });
  }
  return resolved;
}

/** Per static operation schema: the answer, and the client it was found for. */
const schemaCache = new WeakMap<object, { readonly clientName: string | undefined; readonly operation: TokenOperation | null }>();

function resolveByName(context: HandlerExecutionContext): TokenOperation | undefined {
  const smithy = context[SMITHY_CONTEXT_KEY];
  const service = (context.clientName ?? '').replace(CLIENT_SUFFIX, '') || (smithy?.service ?? '');
  const operation = smithy?.operation ?? (context.commandName ?? '').replace(COMMAND_SUFFIX, '');
  const cacheKey = `${service}\u0000${operation}`;
  const cached = cache.get(cacheKey);
  if (cached !== undefined) return cached ?? undefined;

  const traitedMember = findTraitedMember(smithy?.['operationSchema']);
  const known = findTokenMember(service, operation);
  let resolved: TokenOperation | null = null;
  if (traitedMember !== undefined) {
    const limits = known?.member === traitedMember ? known.limits : {};
    resolved = { service, operation, member: traitedMember, traited: true, limits };
  } else if (known !== undefined) {
    // Header and query-string members are input members like any other: the
    // serializer moves them to their location, so injection is the same.
    resolved = { service, operation, member: known.member, traited: known.trait, limits: known.limits };
  }
  cache.set(cacheKey, resolved);
  return resolved ?? undefined;
}

function findTraitedMember(operationSchema: unknown): string | undefined {
  const inputRef = inputSchemaOf(operationSchema);
  if (inputRef === undefined) return undefined;
  try {
    const input = NormalizedSchema.of(inputRef as Parameters<typeof NormalizedSchema.of>[0]);
    if (!input.isStructSchema()) return undefined;
    for (const [name, member] of input.structIterator()) {
      if (member.isIdempotencyToken()) return name;
    }
  } catch {
    // A schema this version of @smithy/core cannot read: fall back to the table.
  }
  return undefined;
}

function inputSchemaOf(operationSchema: unknown): unknown {
  if (Array.isArray(operationSchema)) return operationSchema[OPERATION_INPUT_INDEX];
  if (operationSchema !== null && typeof operationSchema === 'object' && 'input' in operationSchema) {
    return (operationSchema as { input: unknown }).input;
  }
  return undefined;
}
