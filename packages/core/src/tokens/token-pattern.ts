/**
 * A member's pattern, compiled once. Smithy patterns are ECMAScript regular
 * expressions matched anywhere in the value unless they anchor themselves.
 * The models were written for engines without the 'u' flag as often as with
 * it (`[\p{L}]` needs it, `[a-z\-\_]` breaks under it), so each pattern is
 * compiled with 'u' and, failing that, without a flag.
 */
export interface TokenPattern {
  readonly source: string;
  /** Smithy semantics: the pattern matches somewhere in the value. */
  matches(value: string): boolean;
  /** Stricter: the whole value is one match, as a Java `matches()` on the server would ask. */
  matchesWhole(value: string): boolean;
}

const FLAG_ATTEMPTS: readonly string[] = ['u', ''];
/** Patterns come from the model table (about a hundred) or a caller's limits; keep the cache bounded. */
const MAX_CACHED_PATTERNS = 512;

// null: the pattern compiles in neither way.
const cache = new Map<string, TokenPattern | null>();

/**
 * The compiled pattern, or undefined when the pattern compiles neither with
 * nor without the 'u' flag (one AWS model has `^[-_a-zA-Z0-9]*${2,64}$`).
 * Such a pattern is ignored: the length limits and the printable-ASCII rule
 * still apply, and no service can have enforced a pattern that never compiled.
 */
export function compileTokenPattern(source: string): TokenPattern | undefined {
  let compiled = cache.get(source);
  if (compiled === undefined) {
    compiled = compile(source);
    if (cache.size >= MAX_CACHED_PATTERNS) {
      const oldest = cache.keys().next();
      if (oldest.done !== true) cache.delete(oldest.value);
    }
    cache.set(source, compiled);
  }
  return compiled ?? undefined;
}

function compile(source: string): TokenPattern | null {
  for (const flags of FLAG_ATTEMPTS) {
    const anywhere = tryRegExp(source, flags);
    if (anywhere === undefined) continue;
    // The non-capturing group keeps top-level alternatives and group numbers intact.
    const whole = tryRegExp(`^(?:${source})$`, flags) ?? anywhere;
    return {
      source,
      matches: (value) => anywhere.test(value),
      matchesWhole: (value) => whole.test(value),
    };
  }
  return null;
}

function tryRegExp(source: string, flags: string): RegExp | undefined {
  try {
    return new RegExp(source, flags);
  } catch {
    return undefined;
  }
}
