import { normalizeServiceName } from '@retrysafe/core';

/**
 * Where a token means one operation: a token sent in another Region, zone or
 * account names another operation. The plugin reads this from the request;
 * `retrysafe token` from its flags.
 */
export interface TokenScope {
  /** The Region the request is signed for. Default: `UNKNOWN_REGION`. */
  readonly region?: string;
  /** The AWS account, when the credentials name it. */
  readonly account?: string;
  /** Availability Zone of a zonal operation (EC2 RunInstances `Placement.AvailabilityZone`). */
  readonly zone?: string;
  /** Subnet of a zonal operation (EC2 RunInstances `SubnetId`); a subnet lives in one zone. */
  readonly subnet?: string;
}

/** Region used when a client signs without one (no SigV4): all such calls share one scope. */
export const UNKNOWN_REGION = 'no-region';

type Input = Readonly<Record<string, unknown>>;

/**
 * Operations whose tokens are scoped below the Region, by normalised service
 * and operation. EC2 documents RunInstances as idempotent per Availability
 * Zone when the request names one (Placement.AvailabilityZone) or a subnet.
 */
const ZONAL_OPERATIONS: ReadonlyMap<string, (input: Input) => Pick<TokenScope, 'zone' | 'subnet'>> = new Map([
  [
    zonalKey('ec2', 'RunInstances'),
    (input: Input) => {
      const placement = input['Placement'];
      return {
        zone: nonEmptyString(isRecord(placement) ? placement['AvailabilityZone'] : undefined),
        subnet: nonEmptyString(input['SubnetId']),
      };
    },
  ],
]);

/** Whether an operation's tokens are scoped by zone or subnet when its request names one. */
export function isZonalOperation(service: string, operation: string): boolean {
  return ZONAL_OPERATIONS.has(zonalKey(service, operation));
}

/** The zone and subnet a zonal operation's input names; nothing for other operations. */
export function zonalPlacement(service: string, operation: string, input: Input): Pick<TokenScope, 'zone' | 'subnet'> {
  return ZONAL_OPERATIONS.get(zonalKey(service, operation))?.(input) ?? {};
}

/**
 * The scope as one string, the form mixed into derived tokens and binding
 * keys: `account:ID/region:R/az:Z`, or `.../subnet:S` when only a subnet is
 * named (a zone, when given, wins, as the zone is what EC2 scopes by).
 */
export function formatTokenScope(scope: TokenScope): string {
  let formatted = `region:${scope.region ?? UNKNOWN_REGION}`;
  if (scope.account !== undefined) formatted = `account:${scope.account}/${formatted}`;
  if (scope.zone !== undefined) formatted += `/az:${scope.zone}`;
  else if (scope.subnet !== undefined) formatted += `/subnet:${scope.subnet}`;
  return formatted;
}

function zonalKey(service: string, operation: string): string {
  return `${normalizeServiceName(service)}:${operation}`;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}
