import { FAULT_KINDS, type ServiceName } from '@retrysafe/fake-aws';
import type { ChaosMode } from './options.js';
import type { ChaosRunResult, ChaosTally } from './results.js';
import { sdkRetryDefaults } from './sdk-retry-defaults.js';
import { hangingParagraph, wrapText } from './text-wrap.js';

// The demo's side-by-side table: one column per mode, the services summed,
// duplicates also per service. Fits in 80 columns.

const MODE_LABELS: Readonly<Record<ChaosMode, string>> = {
  bare: 'bare SDK',
  retrysafe: 'retrysafe',
  'retrysafe-keyed-fresh': 'keyed+fresh',
};

const SERVICE_LABELS: Readonly<Record<ServiceName, string>> = {
  ec2: 'EC2',
  cloudformation: 'CloudFormation',
  ram: 'RAM',
};

const LABEL_WIDTH = 36;
const TEXT_WIDTH = 78;
const NOTE_TERM_WIDTH = 13;
const COLUMN_WIDTH = 13;
const MS_PER_SECOND = 1000;
const PERCENT = 100;

interface Row {
  readonly label: string;
  readonly value: (result: ChaosRunResult) => string;
}

export function modeLabel(mode: ChaosMode): string {
  return MODE_LABELS[mode];
}

const count = (pick: (tally: ChaosTally) => number) => (result: ChaosRunResult) => String(pick(result.total));

function serviceRow(service: ServiceName, label: string, pick: (tally: ChaosTally) => number): Row {
  return {
    label,
    value: (result) => {
      const tally = result.services.find((s) => s.service === service);
      return tally === undefined ? '-' : String(pick(tally));
    },
  };
}

function rows(results: readonly ChaosRunResult[]): Row[] {
  const services = results[0]?.services ?? [];
  return [
    { label: 'logical operations', value: count((t) => t.logicalOperations) },
    { label: 'HTTP attempts', value: count((t) => t.httpAttempts) },
    { label: 'resources created', value: count((t) => t.resourcesCreated) },
    { label: 'duplicates', value: count((t) => t.duplicates) },
    ...services.map((s) => serviceRow(s.service, `  ${SERVICE_LABELS[s.service]} ${s.operation}`, (t) => t.duplicates)),
    { label: '  from changed resends (caller bug)', value: count((t) => t.duplicatesFromChangedResends) },
    { label: 'failed operations', value: count((t) => t.failedOperations) },
    { label: '  yet the resource was created', value: count((t) => t.failedButCreated) },
    { label: 'mismatches caught', value: count((t) => t.mismatches.callerCaused + t.mismatches.other) },
    { label: '  caused by the caller', value: count((t) => t.mismatches.callerCaused) },
    { label: '  not caused by the caller', value: count((t) => t.mismatches.other) },
    { label: 'latency per call p50 (ms)', value: (r) => String(Math.round(r.total.latencyMs.p50)) },
    { label: 'latency per call p99 (ms)', value: (r) => String(Math.round(r.total.latencyMs.p99)) },
    { label: 'wall time (s)', value: (r) => (r.wallTimeMs / MS_PER_SECOND).toFixed(1) },
  ];
}

/** The side-by-side table, one column per run, in the order given. */
export function formatComparisonTable(results: readonly ChaosRunResult[]): string {
  const header = ''.padEnd(LABEL_WIDTH) + results.map((r) => modeLabel(r.mode).padStart(COLUMN_WIDTH)).join('');
  const rule = '-'.repeat(LABEL_WIDTH + COLUMN_WIDTH * results.length);
  const body = rows(results).map((row) => row.label.padEnd(LABEL_WIDTH) + results.map((r) => row.value(r).padStart(COLUMN_WIDTH)).join(''));
  return [header, rule, ...body].join('\n');
}

/** What the run did, above the table. */
export function formatRunHeader(result: ChaosRunResult): string {
  const services = result.services.map((s) => `${SERVICE_LABELS[s.service]} ${s.operation}`).join(', ');
  return wrapText(
    `Chaos demo: ${result.operationsPerService} logical operations per service (${services}) against fake-aws, ` +
      `${Math.round(result.faultRate * PERCENT)}% of requests faulted (${FAULT_KINDS.join(', ')}); ` +
      `seed ${result.seed}, ${result.concurrency} operations in flight. On an error a caller resends, ` +
      `up to ${result.maxResends} times, unless the error is AlreadyExists or a mismatch.`,
    TEXT_WIDTH,
  ).join('\n');
}

/** What the columns mean, below the table. */
export function formatNotes(results: readonly ChaosRunResult[]): string {
  const first = results[0];
  const backoff = results.find((r) => r.backoff !== undefined)?.backoff;
  const sdk = sdkRetryDefaults();
  const notes: [string, string][] = [
    [
      modeLabel('bare'),
      `plain clients with the SDK's default retries (${sdk.maxAttempts} attempts per send); the caller resends the same command.`,
    ],
    [modeLabel('retrysafe'), 'the same clients and callers, with the retrysafe plugin on each client.'],
    [
      modeLabel('retrysafe-keyed-fresh'),
      'every operation has an idempotency key; after each failed send the caller builds a new client ' +
        '(new plugin, empty store: a restart) and a new command with the same key.',
    ],
  ];
  if (first !== undefined && first.callerMistakeEvery > 0) {
    notes.push([
      'caller bug',
      `every ${first.callerMistakeEvery}th operation, once it succeeded, is sent again with one tag changed; ` +
        'retrysafe must reject it as a mismatch.',
    ]);
  }
  if (backoff !== undefined) {
    notes.push([
      'latency',
      `retrysafe ran with short backoff (base ${backoff.baseDelayMs} ms, throttling ${backoff.throttlingBaseDelayMs} ms, ` +
        `cap ${backoff.maxDelayMs} ms) to keep the demo quick; bare clients used the SDK's defaults ` +
        `(base ${sdk.baseDelayMs} ms, throttling ${sdk.throttlingBaseDelayMs} ms, cap ${sdk.maxDelayMs / MS_PER_SECOND} s). ` +
        'Clients and fake-aws share one Node.js process, so a call\'s latency includes its wait for that CPU.',
    ]);
  }
  return notes.map(([term, text]) => hangingParagraph(term, text, NOTE_TERM_WIDTH, TEXT_WIDTH)).join('\n');
}

/** Duplicates the retrysafe runs created: the demo fails unless this is zero. */
export function retrysafeDuplicates(results: readonly ChaosRunResult[]): number {
  return results.filter((r) => r.mode !== 'bare').reduce((sum, r) => sum + r.total.duplicates, 0);
}
