/**
 * One token member in the generated table (token-members.data.ts), compact:
 * strings that repeat (services, members, header and query names, patterns)
 * are indexes into TOKEN_MEMBER_STRINGS; ABSENT marks a missing value.
 * scripts/generate-token-members.mjs writes this layout: keep the two in step.
 */
export type TokenMemberRow = readonly [
  service: number,
  operation: string,
  member: number,
  flags: number,
  locationName: number,
  minLength: number,
  maxLength: number,
  pattern: number,
];

export const ABSENT = -1;

/** Bits of `flags`. */
export const MEMBER_HAS_TRAIT = 1;
export const MEMBER_REQUIRED = 2;
export const MEMBER_IN_HEADER = 4;
export const MEMBER_IN_QUERYSTRING = 8;
