/**
 * Sorted top-level member names whose digests differ between two
 * fingerprints' `members` (a stored one and a new one), members present on
 * one side only included.
 */
export function changedMembers(
  before: Readonly<Record<string, string>>,
  after: Readonly<Record<string, string>>,
): string[] {
  const changed: string[] = [];
  for (const name of Object.keys(before)) {
    if (!Object.hasOwn(after, name) || before[name] !== after[name]) changed.push(name);
  }
  for (const name of Object.keys(after)) {
    if (!Object.hasOwn(before, name)) changed.push(name);
  }
  return changed.sort();
}
