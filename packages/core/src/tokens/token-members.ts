import { withDocumentedLimits } from './documented-token-limits.js';
import { compactName, normalizeServiceName } from './service-name.js';
import type { TokenLimits } from './token-limits.js';
import {
  ABSENT,
  MEMBER_HAS_TRAIT,
  MEMBER_IN_HEADER,
  MEMBER_IN_QUERYSTRING,
  MEMBER_REQUIRED,
  type TokenMemberRow,
} from './token-member-row.js';
import { TOKEN_MEMBER_ROWS, TOKEN_MEMBER_STRINGS } from './token-members.data.js';

/** An input member that carries an idempotency token, from the AWS models. */
export interface TokenMemberInfo {
  /** The models' service name ('EC2', 'ACM PCA', 'CloudFormation'). */
  readonly service: string;
  readonly operation: string;
  readonly member: string;
  /** The model marks it `idempotencyToken`: the SDK fills it when empty. */
  readonly trait: boolean;
  readonly required: boolean;
  /** Where the serializer puts it, when not in the body. */
  readonly location: 'header' | 'querystring' | undefined;
  /** The header or query parameter name, when it has one of its own. */
  readonly locationName: string | undefined;
  readonly limits: TokenLimits;
}

const COMMAND_SUFFIX = 'Command';
const TOKEN_NAME = /token/i;

interface TokenMemberIndex {
  readonly all: readonly TokenMemberInfo[];
  /** Service spelling (normalised, and compact where that differs) -> its members. */
  readonly byService: ReadonlyMap<string, readonly TokenMemberInfo[]>;
  /** Service spelling + lowercase operation -> the operation's token member. */
  readonly byOperation: ReadonlyMap<string, TokenMemberInfo>;
}

// Built on first use: most processes look up a handful of operations.
let index: TokenMemberIndex | undefined;

/**
 * The token member of an operation, or undefined when the models name none.
 * The service may be spelled as the SDK does ('EC2Client', 'ACMPCAClient') or
 * as the models do ('EC2', 'ACM PCA'); the operation as the operation
 * ('RunInstances') or as its command class ('RunInstancesCommand'). Where the
 * models give an operation two token members, the traited one wins, then one
 * named like a token (GameLift CreateGameSession: IdempotencyToken, not the
 * deprecated GameSessionId).
 */
export function findTokenMember(service: string, operation: string): TokenMemberInfo | undefined {
  const { byOperation } = tokenMemberIndex();
  const serviceKey = normalizeServiceName(service);
  const exact = byOperation.get(operationKey(serviceKey, operation));
  if (exact !== undefined || !operation.endsWith(COMMAND_SUFFIX)) return exact;
  return byOperation.get(operationKey(serviceKey, operation.slice(0, -COMMAND_SUFFIX.length)));
}

/** Every token member (of one service, in any spelling), sorted by service, operation and member. */
export function listTokenMembers(service?: string): readonly TokenMemberInfo[] {
  const { all, byService } = tokenMemberIndex();
  if (service === undefined) return all;
  return byService.get(normalizeServiceName(service)) ?? [];
}

function operationKey(serviceKey: string, operation: string): string {
  return `${serviceKey}\u0000${operation.toLowerCase()}`;
}

function tokenMemberIndex(): TokenMemberIndex {
  index ??= buildIndex();
  return index;
}

function buildIndex(): TokenMemberIndex {
  const all = Object.freeze(TOKEN_MEMBER_ROWS.map(decodeRow));
  const groups = new Map<string, TokenMemberInfo[]>();
  for (const info of all) {
    const key = normalizeServiceName(info.service);
    const group = groups.get(key) ?? [];
    group.push(info);
    groups.set(key, group);
  }

  const byService = new Map<string, readonly TokenMemberInfo[]>();
  const byOperation = new Map<string, TokenMemberInfo>();
  const register = (serviceKey: string, members: readonly TokenMemberInfo[]): void => {
    byService.set(serviceKey, members);
    for (const info of members) {
      const key = operationKey(serviceKey, info.operation);
      const current = byOperation.get(key);
      if (current === undefined || preference(info) > preference(current)) byOperation.set(key, info);
    }
  };
  for (const [serviceKey, members] of groups) register(serviceKey, Object.freeze(members));
  // 'WorkSpaces Thin Client' normalises to 'workspacesthin', but its SDK
  // client 'WorkSpacesThinClientClient' to 'workspacesthinclient': index
  // the compact spelling too, unless it is another service's name.
  for (const [serviceKey, members] of groups) {
    const alias = compactName(members[0]!.service);
    if (alias !== serviceKey && !byService.has(alias)) register(alias, byService.get(serviceKey)!);
  }
  return { all, byService, byOperation };
}

/** Higher wins: a traited member, then one named like a token; ties keep table order. */
function preference(info: TokenMemberInfo): number {
  return (info.trait ? 2 : 0) + (TOKEN_NAME.test(info.member) ? 1 : 0);
}

function decodeRow(row: TokenMemberRow): TokenMemberInfo {
  const [service, operation, member, flags, locationName, minLength, maxLength, pattern] = row;
  const limits: { minLength?: number; maxLength?: number; pattern?: string } = {};
  if (minLength !== ABSENT) limits.minLength = minLength;
  if (maxLength !== ABSENT) limits.maxLength = maxLength;
  if (pattern !== ABSENT) limits.pattern = text(pattern);
  const serviceName = text(service);
  return Object.freeze({
    service: serviceName,
    operation,
    member: text(member),
    trait: (flags & MEMBER_HAS_TRAIT) !== 0,
    required: (flags & MEMBER_REQUIRED) !== 0,
    location: locationOf(flags),
    locationName: locationName === ABSENT ? undefined : text(locationName),
    limits: Object.freeze(withDocumentedLimits(serviceName, operation, limits)),
  });
}

function locationOf(flags: number): TokenMemberInfo['location'] {
  if ((flags & MEMBER_IN_HEADER) !== 0) return 'header';
  if ((flags & MEMBER_IN_QUERYSTRING) !== 0) return 'querystring';
  return undefined;
}

function text(stringIndex: number): string {
  const value = TOKEN_MEMBER_STRINGS[stringIndex];
  if (value === undefined) throw new Error(`token member table: no string at index ${stringIndex}`);
  return value;
}
