import { createHash } from 'node:crypto';
import { fingerprint, snapshotInput } from '@retrysafe/core';
import { largeCreateStackInput, smallRunInstancesInput } from '../fixtures/fingerprint-inputs.js';
import { realisticRunInstancesInput } from '../fixtures/run-instances-input.js';
import { measureInterleaved, ratioToBaseline, type Contender } from '../interleaved.js';
import type { Spread } from '../report/stats.js';

/** A deep copy with every object's keys sorted: what hand-rolled fingerprints usually stringify. */
export function sortedDeepCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedDeepCopy);
  if (value !== null && typeof value === 'object' && !(value instanceof Date) && !ArrayBuffer.isView(value)) {
    const source = value as Record<string, unknown>;
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(source).sort()) copy[key] = sortedDeepCopy(source[key]);
    return copy;
  }
  return value;
}

const TOKEN_MEMBERS = ['ClientToken', 'ClientRequestToken'];

/** The candidates, each a function of one input whose result is kept (so the engine cannot drop the work). */
const CANDIDATES: readonly { readonly id: string; readonly label: string; readonly run: (input: object) => unknown }[] = [
  { id: 'json-sorted', label: 'JSON.stringify(sorted deep copy)', run: (input) => JSON.stringify(sortedDeepCopy(input)) },
  {
    id: 'json-sorted-sha256',
    label: 'SHA-256 of JSON.stringify(sorted deep copy)',
    run: (input) => createHash('sha256').update(JSON.stringify(sortedDeepCopy(input))).digest('hex'),
  },
  { id: 'fingerprint', label: 'core fingerprint()', run: (input) => fingerprint(input, { exclude: TOKEN_MEMBERS }).digest },
  { id: 'snapshot', label: 'core snapshotInput() (frozen copy + fingerprint)', run: (input) => snapshotInput(input, { exclude: TOKEN_MEMBERS }) },
];

const INPUTS: readonly { readonly id: string; readonly label: string; readonly make: () => object }[] = [
  { id: 'small', label: 'RunInstances, 4 members', make: smallRunInstancesInput },
  { id: 'realistic', label: 'RunInstances, 29 members with tags and block devices', make: realisticRunInstancesInput },
  { id: 'large', label: 'CreateStack, 48 KB template, 40 parameters, 50 tags', make: largeCreateStackInput },
];

export interface FingerprintCandidateResult {
  readonly id: string;
  readonly label: string;
  /** CPU nanoseconds per call. */
  readonly cpuNsPerCall: Spread;
  /** Per-round ratio to JSON.stringify of a sorted copy. */
  readonly ratioToJsonSorted: Spread;
}

export interface FingerprintInputResult {
  readonly input: string;
  readonly label: string;
  readonly encodedBytes: number;
  readonly candidates: readonly FingerprintCandidateResult[];
}

export interface FingerprintOptions {
  readonly calls: number;
  readonly rounds: number;
}

/** Work results land here, so no call is optimised away. */
let sink = 0;

function keep(result: unknown): void {
  sink += typeof result === 'string' ? result.length : result === undefined ? 0 : 1;
}

/**
 * The fingerprint against the common alternative on the same inputs, in
 * interleaved rounds (CPU time). The alternative is not equivalent: JSON
 * drops undefined members, turns NaN and Infinity into null, and Dates and
 * byte arrays into text, so it calls different inputs equal.
 */
export async function runFingerprintMicro(options: FingerprintOptions): Promise<FingerprintInputResult[]> {
  const results: FingerprintInputResult[] = [];
  for (const spec of INPUTS) {
    const input = spec.make();
    // Large inputs cost more per call: scale the count so each input takes about as long.
    const encodedBytes = JSON.stringify(input).length;
    const calls = Math.max(options.rounds, Math.round(options.calls / Math.max(1, encodedBytes / 1_000)));
    const contenders: Contender[] = CANDIDATES.map((candidate) => ({
      id: candidate.id,
      run: (count) => {
        for (let i = 0; i < count; i++) keep(candidate.run(input));
      },
    }));
    const measured = await measureInterleaved(contenders, { total: calls, rounds: options.rounds, warmup: Math.ceil(calls / options.rounds) });
    const baseline = measured.find((result) => result.id === 'json-sorted');
    if (baseline === undefined) throw new Error('the JSON baseline did not run');
    results.push({
      input: spec.id,
      label: spec.label,
      encodedBytes,
      candidates: measured.map((result, index) => ({
        id: result.id,
        label: CANDIDATES[index]?.label ?? result.id,
        cpuNsPerCall: result.cpuNs,
        ratioToJsonSorted: ratioToBaseline(result, baseline, 'cpu'),
      })),
    });
  }
  if (sink < 0) throw new Error('unreachable: keeps the sink alive');
  return results;
}
