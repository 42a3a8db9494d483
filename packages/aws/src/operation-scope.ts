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
export function operationScope(
  context: HandlerExecutionContext,
  operation: TokenOperation,
  input: Readonly<Record<string, unknown>>,
): TokenScope | Promise<TokenScope> {
  const selected = context[SMITHY_CONTEXT_KEY]?.selectedHttpAuthScheme as SelectedAuthScheme | undefined;
  const accountId = selected?.identity?.accountId;
  const account = typeof accountId === 'string' ? accountId : undefined;
  const placement = zonalPlacement(operation.service, operation.operation, input);
  const properties = selected?.httpAuthOption?.signingProperties;
  // The signing Region is almost always resolved by now: no promise turn for it.
  if (typeof properties?.region === 'string') return { region: properties.region, account, ...placement };
  return configuredRegion(properties).then((region) => ({ region, account, ...placement }));
}

async function configuredRegion(properties: SigningProperties | undefined): Promise<string | undefined> {
  const provider = properties?.config?.region;
  if (typeof provider === 'function') {
    const region: unknown = await (provider as () => unknown)();
    if (typeof region === 'string') return region;
  }
  return undefined;
}
