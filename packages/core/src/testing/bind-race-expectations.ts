import { expect } from '@jest/globals';
import type { BindRaceResult } from './bind-race-contender.js';

/**
 * Checks a bind race of `contenders` processes: each brought its own token,
 * exactly one created the binding, and every one got the creator's token.
 * Returns that token.
 */
export function expectOneWinner(results: readonly BindRaceResult[], contenders: number): string {
  expect(results).toHaveLength(contenders);
  expect(new Set(results.map((result) => result.own)).size).toBe(contenders);
  const winners = results.filter((result) => result.created);
  expect(winners).toHaveLength(1);
  const token = (winners[0] as BindRaceResult).own;
  for (const result of results) expect(result.token).toBe(token);
  return token;
}
