import type { HandlerExecutionContext } from '@smithy/types';
import type { TokenOperation } from './token-member.js';

const SMITHY_CONTEXT_KEY = '__smithy_context';
/** Region used when a client signs without one (no SigV4): all such calls share one scope. */
export const UNKNOWN_REGION = 'no-region';

interface SigningProperties {
  region?: unknown;
  config?: { region?: unknown };
}
interface SelectedAuthScheme {
  httpAuthOption?: { signingProperties?: SigningProperties };
  identity?: { accountId?: unknown };
}

/**
 * Operations whose tokens are scoped below the Region. EC2 documents
 * RunInstances as idempotent per Availability Zone when the request names one
 * (Placement.AvailabilityZone) or a subnet (which lives in one zone).
 */
const ZONAL_OPERATIONS: Readonly<Record<string, (input: Readonly<Record<string, unknown>>) => string | undefined>> = {
  'ec2:RunInstances': (input) => {
    const placement = input['Placement'];
    const zone = isRecord(placement) ? placement['AvailabilityZone'] : undefined;
    if (typeof zone === 'string' && zone.length > 0) return `az:${zone}`;
    const subnet = input['SubnetId'];
    return typeof subnet === 'string' && subnet.length > 0 ? `subnet:${subnet}` : undefined;
  },
};

/**
 * Where a token means one operation: the account (when the credentials say),
 * the Region the request is signed for, and for zonal operations the zone.
 * Read after the SDK has chosen the auth scheme, so it is the real signing Region.
 */
export async function operationScope(
  context: HandlerExecutionContext,
  operation: TokenOperation,
  input: Readonly<Record<string, unknown>>,
): Promise<string> {
  const selected = context[SMITHY_CONTEXT_KEY]?.selectedHttpAuthScheme as SelectedAuthScheme | undefined;
  const region = (await signingRegion(selected)) ?? UNKNOWN_REGION;
  const account = selected?.identity?.accountId;
  const zone = ZONAL_OPERATIONS[`${operation.service.toLowerCase()}:${operation.operation}`]?.(input);
  return [typeof account === 'string' ? `account:${account}` : undefined, `region:${region}`, zone]
    .filter((part): part is string => part !== undefined)
    .join('/');
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}
