import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';

import { CliUsageError, parseCliArgs } from '../src/cli-args.js';
import { clientsFor } from './support/clients.js';

// The `fake-aws` command: its flags, and the built command run as a user would.

describe('parseCliArgs', () => {
  it('reads port, seed, region and a fault rate shared by the chosen kinds', () => {
    const command = parseCliArgs(['--port', '8123', '--seed=7', '--fault-rate', '0.2', '--fault-kinds', 'throttle,garbage', '--latency-ms', '5', '--region', 'eu-west-1']);
    expect(command).toEqual({
      kind: 'serve',
      options: { port: 8123, seed: 7, region: 'eu-west-1', faults: { rates: { throttle: 0.1, garbage: 0.1 }, latencyMs: 5 } },
    });
  });

  it('gives defaults for nothing and help for --help', () => {
    expect(parseCliArgs([])).toEqual({ kind: 'serve', options: {} });
    expect(parseCliArgs(['--help'])).toEqual({ kind: 'help' });
  });

  it.each([
    [['--port']],
    [['--port', 'abc']],
    [['--seed', '-1']],
    [['--fault-rate', '1.5']],
    [['--fault-rate', '']],
    [['--fault-rate', '0.1', '--fault-kinds', 'meteor']],
    [['--fault-kinds', 'throttle']],
    [['--verbose']],
  ])('rejects %j with a usage error', (args) => {
    expect(() => parseCliArgs(args)).toThrow(CliUsageError);
  });
});

describe('the built command', () => {
  const cli = join(__dirname, '..', 'dist', 'esm', 'cli.js');
  let child: ChildProcess | undefined;

  afterEach(() => {
    if (child !== undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  const exitOf = (process: ChildProcess) =>
    new Promise<number | null>((resolve) => process.once('exit', (code) => resolve(code)));

  it('prints its endpoint, serves the SDK, and stops on SIGTERM with exit code 0', async () => {
    expect(existsSync(cli)).toBe(true); // built by `bash .ci/setup` (pnpm build); run it first
    child = spawn(process.execPath, [cli, '--port', '0', '--seed', '11', '--fault-rate', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = exitOf(child);
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const endpoint = await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      child?.once('exit', (code) => reject(new Error(`fake-aws exited early with ${code}`)));
    });
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const clients = clientsFor(endpoint);
    try {
      const out = await clients.ec2.send(new DescribeInstancesCommand({}));
      expect(out.Reservations).toEqual([]);
    } finally {
      clients.destroy();
    }
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('exits with 2 and the usage on a bad flag', async () => {
    expect(existsSync(cli)).toBe(true);
    child = spawn(process.execPath, [cli, '--fault-rate', 'lots'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await exitOf(child)).toBe(2);
    expect(stderr).toContain('--fault-rate must be a number');
    expect(stderr).toContain('Usage: fake-aws');
  });
});
