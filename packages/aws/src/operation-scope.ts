import type { HandlerExecutionContext } from '@smithy/types';
import type { TokenOperation } from './token-member.js';
import { zonalPlacement, type TokenScope } from './token-scope.js';

const SMITHY_CONTEXT_KEY = '__smithy_context';

interface SigningProperties {
  region?: unknown;
  config?: { region?: unknown };
}
interface SelectedAuthScheme {
  httpAuthOption?: { signingProperties?: SigningProperties };
  identity?: { accountId?: unknown };
}

/**
 * Where a token means one operation: the account (when the credentials say),
 * the Region the request is signed for, and for zonal operations the zone.
 * Read after the SDK has chosen the auth scheme, so it is the real signing Region.
 */
export async function operationScope(
  context: HandlerExecutionContext,
  operation: TokenOperation,
  input: Readonly<Record<string, unknown>>,
): Promise<TokenScope> {
  const selected = context[SMITHY_CONTEXT_KEY]?.selectedHttpAuthScheme as SelectedAuthScheme | undefined;
  const account = selected?.identity?.accountId;
  return {
    region: await signingRegion(selected),
    account: typeof account === 'string' ? account : undefined,
    ...zonalPlacement(operation.service, operation.operation, input),
  };
}

async function signingRegion(selected: SelectedAuthScheme | undefined): Promise<string | undefined> {
  const properties = selected?.httpAuthOption?.signingProperties;
  if (typeof properties?.region === 'string') return properties.region;
  const provider = properties?.config?.region;
  if (typeof provider === 'function') {
    const region: unknown = await (provider as () => unknown)();
    if (typeof region === 'string') return region;
  }
  return undefined;
}
