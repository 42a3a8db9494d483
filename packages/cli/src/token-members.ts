import { findTokenMember, listTokenMembers, type TokenLimits, type TokenMemberInfo } from '@retrysafe/core';
import { UsageError } from './cli-errors.js';

/** One token member as `retrysafe members --json` prints it: the reference data's row shape. */
export interface MemberRow {
  readonly service: string;
  readonly operation: string;
  readonly member: string;
  /** The model's idempotencyToken trait: the SDK fills the member when it is empty. */
  readonly trait: boolean;
  readonly required: boolean;
  readonly location: 'header' | 'querystring' | null;
  readonly locationName: string | null;
  readonly length: { readonly min?: number; readonly max?: number } | null;
  readonly pattern: string | null;
}

const MEMBERS_HINT = "run 'retrysafe members' for the services and operations that take a token";

/** Every token member of a service in any spelling ('ec2', 'EC2', 'EC2Client'); a usage error when it has none. */
export function serviceMembers(service: string, flag: string): readonly TokenMemberInfo[] {
  const members = listTokenMembers(service);
  if (members.length === 0) {
    throw new UsageError(flag, `no AWS service '${service}' takes an idempotency token; ${MEMBERS_HINT}`);
  }
  return members;
}

/** The members of one operation (usually one), matched case-insensitively; a usage error when none. */
export function operationMembers(service: string, operation: string, flags: { service: string; operation: string }): readonly TokenMemberInfo[] {
  const members = serviceMembers(service, flags.service);
  const wanted = operation.toLowerCase();
  const matches = members.filter((info) => info.operation.toLowerCase() === wanted);
  if (matches.length === 0) throw unknownOperation(members, operation, flags.operation);
  return matches;
}

/** The member a token goes into, the one the plugin fills (the traited one where an operation has two). */
export function tokenMember(service: string, operation: string, flags: { service: string; operation: string }): TokenMemberInfo {
  const members = serviceMembers(service, flags.service);
  const info = findTokenMember(service, operation);
  if (info === undefined) throw unknownOperation(members, operation, flags.operation);
  return info;
}

export function memberRow(info: TokenMemberInfo): MemberRow {
  return {
    service: info.service,
    operation: info.operation,
    member: info.member,
    trait: info.trait,
    required: info.required,
    location: info.location ?? null,
    locationName: info.locationName ?? null,
    length: lengthOf(info.limits),
    pattern: info.limits.pattern ?? null,
  };
}

/** '1..64', '..128', '36..' or '' (no length limit), as the models give it. */
export function describeModelLength(limits: TokenLimits): string {
  if (limits.minLength === undefined && limits.maxLength === undefined) return '';
  return `${limits.minLength ?? ''}..${limits.maxLength ?? ''}`;
}

function lengthOf(limits: TokenLimits): MemberRow['length'] {
  if (limits.minLength === undefined && limits.maxLength === undefined) return null;
  return {
    ...(limits.minLength === undefined ? {} : { min: limits.minLength }),
    ...(limits.maxLength === undefined ? {} : { max: limits.maxLength }),
  };
}

function unknownOperation(members: readonly TokenMemberInfo[], operation: string, flag: string): UsageError {
  const service = members[0]?.service ?? '';
  const argument = /\s/.test(service) ? `'${service}'` : service;
  return new UsageError(
    flag,
    `${service} has no operation '${operation}' that takes an idempotency token; run 'retrysafe members ${argument}' for the ones that do`,
  );
}
