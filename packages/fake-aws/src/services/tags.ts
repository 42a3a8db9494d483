// A tag as the services keep it. EC2 and CloudFormation spell it Key/Value,
// RAM key/value; the wire modules translate.

export interface Tag {
  readonly key: string;
  readonly value: string;
}

export function tagsToRecord(tags: readonly Tag[]): Record<string, string> {
  return Object.fromEntries(tags.map((t) => [t.key, t.value]));
}
