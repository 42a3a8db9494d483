import { DEFAULT_LATENCY_MS, DEFAULT_REGION, FAULT_KINDS, isFaultKind, spreadFaultRate, startFakeAws, type FaultKind } from '@retrysafe/fake-aws';
import { InvalidArgumentError, type Command } from 'commander';
import { UsageError } from '../cli-errors.js';
import type { CommandIo } from '../cli-io.js';
import { nonEmptyText, portNumber, probability, wholeNumber } from '../flag-values.js';

interface FakeAwsFlags {
  readonly port?: number;
  readonly seed?: number;
  readonly faultRate?: number;
  readonly faultKinds?: FaultKind[];
  readonly latencyMs?: number;
  readonly region?: string;
  readonly json?: boolean;
}

/** fake-aws seeds a 32-bit generator. */
const MAX_SEED = 0xffff_ffff;

const NOTES = `
Prints the endpoint URL as the first line of stdout (for scripts to read), then
serves EC2, CloudFormation and RAM on 127.0.0.1 with the services' token rules
until SIGINT (Ctrl-C) or SIGTERM. Point a client at it with endpoint: URL.

Example:
  retrysafe fake-aws --port 4566 --fault-rate 0.2 --seed 7`;

export function registerFakeAwsCommand(program: Command, io: CommandIo): void {
  program
    .command('fake-aws')
    .summary('run the fake EC2/CloudFormation/RAM endpoint for local development')
    .description("Runs fake-aws: EC2, CloudFormation and RAM on 127.0.0.1, following the services' idempotency-token rules, with seeded faults.")
    .option('--port <n>', 'TCP port on 127.0.0.1 (default 0: a free port)', portNumber)
    .option('--seed <n>', `seed for faults and ids, 0..${MAX_SEED} (default: random, printed)`, seedNumber)
    .option('--fault-rate <r>', 'probability 0..1 that a request gets a fault, shared by the fault kinds', probability)
    .option('--fault-kinds <list>', `comma-separated fault kinds for --fault-rate (default: ${FAULT_KINDS.join(',')})`, faultKinds)
    .option('--latency-ms <n>', `delay of a latency fault (default ${DEFAULT_LATENCY_MS})`, wholeNumber)
    .option('--region <region>', `Region when a request does not name one (default ${DEFAULT_REGION})`, nonEmptyText)
    .option('--json', 'print the endpoint, port, seed, region and account as one JSON line instead of the URL')
    .addHelpText('after', NOTES)
    .action((flags: FakeAwsFlags) => serve(flags, io));
}

async function serve(flags: FakeAwsFlags, io: CommandIo): Promise<void> {
  if (flags.faultRate === undefined) {
    if (flags.faultKinds !== undefined) throw new UsageError('--fault-kinds', 'needs --fault-rate');
    if (flags.latencyMs !== undefined) throw new UsageError('--latency-ms', 'needs --fault-rate');
  }
  const faults = flags.faultRate === undefined ? undefined : spreadFaultRate(flags.faultRate, flags.faultKinds, flags.latencyMs);
  const server = await startFakeAws({
    ...(flags.port === undefined ? {} : { port: flags.port }),
    ...(flags.seed === undefined ? {} : { seed: flags.seed }),
    ...(flags.region === undefined ? {} : { region: flags.region }),
    ...(faults === undefined ? {} : { faults }),
  });
  // Listen for the stop signals before printing the endpoint: a script that
  // reads the URL and at once sends SIGTERM must get a clean stop.
  const stopped = io.untilStopped();
  try {
    const { endpoint, port, seed, region, accountId } = server;
    if (flags.json === true) io.stdout.write(`${JSON.stringify({ endpoint, port, seed, region, accountId })}\n`);
    else io.print(endpoint);
    io.note(io.err.dim(`fake-aws: seed ${seed}, region ${region}, account ${accountId}; stop with Ctrl-C`));
    const signal = await stopped;
    io.note(io.err.dim(`fake-aws: ${signal}, stopping`));
  } finally {
    await server.close();
  }
}

function seedNumber(text: string): number {
  const seed = wholeNumber(text);
  if (seed > MAX_SEED) throw new InvalidArgumentError(`It must be at most ${MAX_SEED}.`);
  return seed;
}

function faultKinds(text: string): FaultKind[] {
  const kinds = text.split(',').map((kind) => kind.trim());
  const unknown = kinds.filter((kind) => !isFaultKind(kind));
  if (unknown.length > 0) throw new InvalidArgumentError(`Unknown fault kind ${unknown.join(', ')}; known: ${FAULT_KINDS.join(', ')}.`);
  return kinds as FaultKind[];
}
