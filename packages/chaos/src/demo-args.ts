import { parseArgs } from 'node:util';
import { DEFAULT_CONCURRENCY, DEFAULT_FAULT_RATE, DEFAULT_OPERATIONS, DEFAULT_SEED } from './options.js';

// The `pnpm demo` command line. Bad input is an error naming the flag, never a silent default.

/** The demo's usage text, under the name it was run by ('pnpm demo', 'retrysafe demo'). */
export function demoUsage(commandName = DEFAULT_COMMAND_NAME): string {
  return DEMO_USAGE.replace(DEFAULT_COMMAND_NAME, commandName);
}

const DEFAULT_COMMAND_NAME = 'pnpm demo';

const DEMO_USAGE = `Usage: pnpm demo [options]
  --operations N    logical operations per service (default ${DEFAULT_OPERATIONS})
  --fault-rate R    share of requests that fail, 0..1, spread over every fault kind (default ${DEFAULT_FAULT_RATE})
  --seed S          seed of the fault sequence, 0..4294967295 (default ${DEFAULT_SEED})
  --concurrency C   logical operations in flight at once (default ${DEFAULT_CONCURRENCY})
  --json            print the full results as JSON instead of the table
  --help            show this help
Exit code: 0 when retrysafe created no duplicate, 1 when it did, 2 on bad options.`;

export interface DemoSettings {
  readonly operations: number;
  readonly faultRate: number;
  readonly seed: number;
  readonly concurrency: number;
  readonly json: boolean;
}

export type DemoCommand = { readonly kind: 'help' } | { readonly kind: 'run'; readonly settings: DemoSettings };

export class DemoUsageError extends Error {
  override readonly name = 'DemoUsageError';
}

const WHOLE_NUMBER = /^[0-9]+$/;
const DECIMAL = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;

export function parseDemoArgs(args: readonly string[]): DemoCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        operations: { type: 'string' },
        'fault-rate': { type: 'string' },
        seed: { type: 'string' },
        concurrency: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new DemoUsageError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  if (values.help === true) return { kind: 'help' };
  return {
    kind: 'run',
    settings: {
      operations: wholeNumber('--operations', values.operations, DEFAULT_OPERATIONS),
      faultRate: rate('--fault-rate', values['fault-rate'], DEFAULT_FAULT_RATE),
      seed: wholeNumber('--seed', values.seed, DEFAULT_SEED),
      concurrency: wholeNumber('--concurrency', values.concurrency, DEFAULT_CONCURRENCY),
      json: values.json === true,
    },
  };
}

function wholeNumber(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!WHOLE_NUMBER.test(text)) throw new DemoUsageError(`${flag} must be a whole number, got ${JSON.stringify(text)}`);
  return Number(text);
}

function rate(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!DECIMAL.test(text) || value > 1) throw new DemoUsageError(`${flag} must be a number from 0 to 1, got ${JSON.stringify(text)}`);
  return value;
}
