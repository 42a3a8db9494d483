import type { ChaosThroughputResult } from '../benchmarks/chaos-throughput.js';
import type { FingerprintInputResult } from '../benchmarks/fingerprint-micro.js';
import type { MemoryResult } from '../benchmarks/memory.js';
import type { OverheadResult, TargetVerdict } from '../benchmarks/overhead.js';
import type { StoreRoundTrips } from '../benchmarks/store-round-trips.js';
import { relativeSpread, type Spread } from './stats.js';
import { fixed, formatTable } from './table.js';

const PERCENT = 100;

function plusMinus(summary: Spread): string {
  return `±${fixed(relativeSpread(summary) * PERCENT, 1)}%`;
}

function verdict(outcome: TargetVerdict | undefined, target: number | undefined): string {
  if (outcome === undefined || target === undefined) return '-';
  return `${outcome === 'missed' ? 'MISSED' : outcome} (≤ ${fixed(target, 2)}x)`;
}

export function overheadSection(result: OverheadResult): string {
  const rows = result.variants.map((variant) => [
    variant.label,
    `${fixed(variant.cpu.usPerSend.median, 1)} µs`,
    plusMinus(variant.cpu.usPerSend),
    `${fixed(variant.cpu.ratio.estimate, 3)}x`,
    `${fixed(variant.cpu.ratio.low, 3)}–${fixed(variant.cpu.ratio.high, 3)}`,
    `${fixed(variant.cpu.ratioToBare.q1, 3)}–${fixed(variant.cpu.ratioToBare.q3, 3)}`,
    `${fixed(variant.cpu.addedUsPerSend, 1)} µs`,
    `${fixed(variant.wall.usPerSend.median, 1)} µs`,
    `${fixed(variant.wall.ratio.estimate, 3)}x`,
    verdict(variant.targetVerdict, variant.targetRatio),
  ]);
  return [
    `Overhead: RunInstances (${result.inputMembers} input members) through a real EC2Client, in-process handler;`,
    `${result.sendsPerVariant.toLocaleString('en-US')} sends per variant in ${result.rounds} interleaved rounds after ${result.warmupSends.toLocaleString('en-US')} warm-up sends,`,
    result.isolated
      ? `each variant in a Node process of its own, started afresh ${result.processSets === 1 ? 'once' : `${result.processSets} times (the rounds split between them)`}.`
      : 'all variants in one Node process (--in-process).',
    'CPU = CPU time per send of the process that sent (the verdict). ratio = per-round ratio to bare, its median per process set,',
    ...ratioExplanation(result),
    'the verdict is met or MISSED when the whole interval is on one side of the target. The IQR is of the rounds.',
    formatTable(
      ['variant', 'CPU/send', 'spread', 'ratio', 'ratio 95% CI', 'ratio IQR', 'added', 'wall/send', 'wall ratio', 'target'],
      rows,
    ),
    ...separateBaselines(result),
  ].join('\n');
}

function ratioExplanation(result: OverheadResult): string[] {
  if (result.processSets > 1) {
    return [`averaged over the ${result.processSets} sets, with a 95% interval from the sets (Student's t: a process's JIT and heap luck is shared by its rounds);`];
  }
  return [`with a 95% interval from the rounds of the one set (too narrow: its rounds share one process's luck; use --process-sets=N);`];
}

/** A line for each variant group measured in a run of its own, with its bare client's cost there. */
function separateBaselines(result: OverheadResult): string[] {
  const first = result.variants[0]?.group;
  const later = result.variants.filter((variant) => variant.group !== first);
  if (later.length === 0) return [];
  const baseline = later[0]?.baselineCpuUsPerSend ?? 0;
  return [
    `${later.map((variant) => variant.id).join(', ')}: measured in a run of their own (disk writes), against a bare client there at ${fixed(baseline, 1)} µs CPU/send.`,
  ];
}

export function chaosSection(result: ChaosThroughputResult): string {
  const bare = result.modes.find((mode) => mode.mode === 'bare');
  const rows = result.modes.map((mode) => [
    mode.mode,
    String(mode.logicalOperations),
    `${fixed(mode.operationsPerSecond, 1)} ops/s`,
    bare === undefined ? '-' : `${fixed(mode.operationsPerSecond / bare.operationsPerSecond, 2)}x`,
    fixed(mode.attemptsPerOperation, 2),
    String(mode.duplicates),
    String(mode.failedOperations),
    String(mode.failedButCreated),
    `${fixed(mode.latencyMs.p50, 0)} ms`,
    `${fixed(mode.latencyMs.p99, 0)} ms`,
  ]);
  return [
    `Chaos throughput: ${result.services.join(', ')} on fake-aws at ${fixed(result.faultRate * PERCENT, 0)}% faults,`,
    `${result.operationsPerService} logical operations per service, ${result.concurrency} in flight; callers never change parameters.`,
    formatTable(
      ['mode', 'ops', 'throughput', 'vs bare', 'attempts/op', 'duplicates', 'failed', 'failed but created', 'p50', 'p99'],
      rows,
    ),
  ].join('\n');
}

const BYTES_PER_KB = 1024;

export function memorySection(result: MemoryResult): string {
  const rows = result.runs.map((run) => [
    run.kind,
    run.sends.toLocaleString('en-US'),
    `${fixed(run.startMb, 1)} MB`,
    `${fixed(run.middleMb, 1)} MB`,
    `${fixed(run.endMb, 1)} MB`,
    `${fixed(run.maxMb, 1)} MB`,
    `${fixed(run.secondHalfGrowthMb, 2)} MB`,
    run.storeEntries === undefined ? '-' : `${run.storeEntries.toLocaleString('en-US')} / ${run.storeCap?.toLocaleString('en-US')}`,
    run.bounded ? 'bounded' : 'GROWING',
    `${fixed(run.wallSeconds, 0)} s`,
  ]);
  return [
    'Memory: sequential sends through one plugin client, a new command each (dropped after), heap used after a full GC.',
    `Bounded: end − middle < ${result.boundedGrowthMb} MB. Keyed sends use a new key each, so the memory store fills to its cap.`,
    formatTable(['sends', 'count', 'start', 'middle', 'end', 'max', 'end − middle', 'store entries', 'verdict', 'time'], rows),
    `Memory store: ${fixed(result.storeBinding.bytesPerBinding / BYTES_PER_KB, 1)} KB of heap per binding of the overhead input ` +
      `(${result.storeBinding.members} member digests), measured over ${result.storeBinding.bindings.toLocaleString('en-US')} bindings.`,
  ].join('\n');
}

function perOperation(calls: Readonly<Record<string, number>> | undefined): string {
  if (calls === undefined) return '-';
  const entries = Object.entries(calls).filter(([, count]) => count > 0);
  return entries.length === 0 ? 'none' : entries.map(([name, count]) => `${name} ${fixed(count, 2)}`).join(', ');
}

export function roundTripsSection(results: readonly StoreRoundTrips[]): string {
  const rows: string[][] = [];
  const unavailable: string[] = [];
  for (const result of results) {
    if (!result.available) {
      unavailable.push(`${result.store}: not measured (${result.reason})`);
      continue;
    }
    for (const phase of result.phases) {
      rows.push([
        result.store,
        phase.phase,
        perOperation(phase.storeCallsPerOperation),
        perOperation(phase.wirePerOperation),
        phase.wireTotalPerOperation === undefined ? '-' : fixed(phase.wireTotalPerOperation, 2),
        phase.targetMet ? 'met' : 'MISSED',
      ]);
    }
  }
  const backends = results.filter((r) => r.available).map((r) => `${r.store}: ${r.available ? r.backend : ''}`);
  return [
    'Store round trips per keyed RunInstances through the plugin (target: 1 bind, at most 1 outcome write).',
    formatTable(['store', 'send', 'store calls / op', 'requests on the wire / op', 'wire total', 'target'], rows),
    ...backends.map((line) => `  ${line}`),
    ...unavailable.map((line) => `  ${line}`),
  ].join('\n');
}

export function fingerprintSection(results: readonly FingerprintInputResult[]): string {
  const rows = results.flatMap((input) =>
    input.candidates.map((candidate) => [
      input.input,
      candidate.label,
      `${fixed(candidate.cpuNsPerCall.median / 1_000, 2)} µs`,
      plusMinus(candidate.cpuNsPerCall),
      `${fixed(candidate.ratioToJsonSorted.median, 2)}x`,
    ]),
  );
  return [
    'Fingerprint micro benchmark (CPU time per call; ratio to JSON.stringify of a sorted deep copy, same inputs):',
    ...results.map((input) => `  ${input.input}: ${input.label} (${input.encodedBytes.toLocaleString('en-US')} bytes as JSON)`),
    formatTable(['input', 'candidate', 'per call', 'spread', 'vs JSON'], rows),
  ].join('\n');
}
