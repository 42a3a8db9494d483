import { setOwnMember } from '../fingerprint/own-member.js';

/**
 * Member digests as the memory store holds them: one string with a line per
 * member, `name digest`, instead of an object with a string per member.
 * A record of 29 members held that way costs one string instead of 30
 * objects (one of them a 29-entry dictionary), and what a store holds for
 * minutes is what the garbage collector walks and copies on every send.
 *
 * Only for validated records: member names are printable ASCII without a
 * space and digests are hex, so neither separator can occur inside a field.
 */
const FIELD_SEPARATOR = ' ';
const MEMBER_SEPARATOR = '\n';

export function packMemberDigests(digests: Readonly<Record<string, string>>): string {
  const lines: string[] = [];
  for (const name of Object.keys(digests)) lines.push(`${name}${FIELD_SEPARATOR}${digests[name] as string}`);
  return lines.join(MEMBER_SEPARATOR);
}

/** The frozen object `packMemberDigests` was given, members in the same order. */
export function unpackMemberDigests(packed: string): Readonly<Record<string, string>> {
  const digests: Record<string, unknown> = {};
  if (packed.length > 0) {
    for (const line of packed.split(MEMBER_SEPARATOR)) {
      const at = line.indexOf(FIELD_SEPARATOR);
      setOwnMember(digests, line.slice(0, at), line.slice(at + 1));
    }
  }
  return Object.freeze(digests) as Readonly<Record<string, string>>;
}
