import { FAULT_KINDS, isFaultKind, spreadFaultRate, type FaultKind } from './faults.js';
import type { FakeAwsOptions } from './server.js';

// The `fake-aws` command line, parsed into server options. Bad input is an
// error naming the flag, never a silent default.

export const CLI_USAGE = `Usage: fake-aws [options]
  --port N          TCP port on 127.0.0.1 (default 0: a free port)
  --seed S          seed for faults and ids, 0..4294967295 (default: random, printed)
  --fault-rate R    probability 0..1 that a request gets a fault, shared by the fault kinds
  --fault-kinds K   comma-separated kinds for --fault-rate (default: ${FAULT_KINDS.join(',')})
  --latency-ms N    delay of a latency fault (default 50)
  --region R        region when a request does not name one (default us-east-1)
  --help            show this help
Prints the endpoint URL, then serves until SIGINT or SIGTERM.`;

export type CliCommand = { readonly kind: 'help' } | { readonly kind: 'serve'; readonly options: FakeAwsOptions };

export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

const FLAGS = ['--port', '--seed', '--fault-rate', '--fault-kinds', '--latency-ms', '--region'] as const;
type Flag = (typeof FLAGS)[number];

export function parseCliArgs(args: readonly string[]): CliCommand {
  const values = new Map<Flag, string>();
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (!(FLAGS as readonly string[]).includes(name)) throw new CliUsageError(`unknown option ${arg}`);
    const value = inline ?? args[(i += 1)];
    if (value === undefined) throw new CliUsageError(`${name} needs a value`);
    values.set(name as Flag, value);
  }

  const port = readInteger(values, '--port');
  const seed = readInteger(values, '--seed');
  const latencyMs = readInteger(values, '--latency-ms');
  const rateText = values.get('--fault-rate');
  const kinds = readKinds(values.get('--fault-kinds'));
  if (rateText === undefined && (kinds !== undefined || latencyMs !== undefined)) {
    throw new CliUsageError('--fault-kinds and --latency-ms need --fault-rate');
  }
  let faults;
  if (rateText !== undefined) {
    const rate = Number(rateText);
    if (rateText.trim() === '' || !Number.isFinite(rate) || rate < 0 || rate > 1) {
      throw new CliUsageError(`--fault-rate must be a number from 0 to 1, got ${rateText}`);
    }
    faults = spreadFaultRate(rate, kinds, latencyMs);
  }
  const region = values.get('--region');
  return {
    kind: 'serve',
    options: {
      ...(port === undefined ? {} : { port }),
      ...(seed === undefined ? {} : { seed }),
      ...(faults === undefined ? {} : { faults }),
      ...(region === undefined ? {} : { region }),
    },
  };
}

function readInteger(values: ReadonlyMap<Flag, string>, flag: Flag): number | undefined {
  const text = values.get(flag);
  if (text === undefined) return undefined;
  if (!/^[0-9]+$/.test(text)) throw new CliUsageError(`${flag} must be a whole number, got ${text}`);
  return Number(text);
}

function readKinds(text: string | undefined): FaultKind[] | undefined {
  if (text === undefined) return undefined;
  const kinds = text.split(',').map((k) => k.trim());
  const unknown = kinds.filter((k) => !isFaultKind(k));
  if (unknown.length > 0 || kinds.length === 0) {
    throw new CliUsageError(`--fault-kinds: unknown kind ${unknown.join(', ')}; known: ${FAULT_KINDS.join(', ')}`);
  }
  return kinds as FaultKind[];
}
