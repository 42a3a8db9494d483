import { bindingKey, deriveToken, findTokenMember, type TokenLimits } from '@retrysafe/core';
import { assertKey } from './idempotency-key.js';
import { DEFAULT_NAMESPACE } from './options.js';
import { formatTokenScope, isZonalOperation, type TokenScope } from './token-scope.js';

/** What names one keyed logical operation: the plugin's view of a keyed send, spelled out. */
export interface KeyedTokenRequest extends TokenScope {
  /** The service in any spelling ('EC2', 'ec2', 'EC2Client'). */
  readonly service: string;
  /** The operation name as the SDK sends it ('RunInstances'). */
  readonly operation: string;
  /** The caller's idempotency key. */
  readonly key: string;
  /** Which identical operation inside one key's scope (0 for the first). Default 0. */
  readonly occurrence?: number;
  /** Default `DEFAULT_NAMESPACE`. */
  readonly namespace?: string;
  /** The plugin's `secret`, when it has one. */
  readonly secret?: string | Uint8Array;
  /** The token member's limits. Default: the AWS member table's for this operation. */
  readonly limits?: TokenLimits;
}

/** A derived token and where it lives. */
export interface KeyedToken {
  /** The token the plugin sends for this key. */
  readonly token: string;
  /** The binding key under which the token store keeps it. */
  readonly bindingKey: string;
  /** The scope string mixed into both (`region:eu-west-1/az:eu-west-1a`). */
  readonly scope: string;
}

/**
 * The token the plugin derives for a keyed call, and its binding key: the one
 * derivation shared by the plugin and `retrysafe token`, so a token made for
 * a shell script is the one a keyed SDK call would send.
 */
export function deriveKeyedToken(request: KeyedTokenRequest): KeyedToken {
  const { service, operation, key } = request;
  assertKey(key);
  if ((request.zone !== undefined || request.subnet !== undefined) && !isZonalOperation(service, operation)) {
    throw new RangeError(`retrysafe: ${service} ${operation} tokens are scoped by Region, not by zone or subnet`);
  }
  const scope = formatTokenScope({ region: request.region, account: request.account, zone: request.zone, subnet: request.subnet });
  const parts = { namespace: request.namespace ?? DEFAULT_NAMESPACE, scope, service, operation, key, occurrence: request.occurrence ?? 0 };
  const limits = request.limits ?? findTokenMember(service, operation)?.limits ?? {};
  return { token: deriveToken({ ...parts, secret: request.secret }, limits), bindingKey: bindingKey(parts), scope };
}
