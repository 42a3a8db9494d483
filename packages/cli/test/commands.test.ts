import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { BUILD_HOOK_TIMEOUT_MS, ensureBuiltCli, runCli, spawnCli, STACK_FRAME } from './support/built-cli.js';

// The conventions every `retrysafe` command keeps, and the commands that
// wrap other packages (demo, fake-aws), run as the built executable.

const MANIFEST = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
const ESC = '\u001b[';
const EXIT_CODES_LINE = 'Exit codes: 0 ok, 1 failure, 2 usage error';

beforeAll(ensureBuiltCli, BUILD_HOOK_TIMEOUT_MS);

describe('help and version', () => {
  it('--version prints the package version', async () => {
    for (const flag of ['--version', '-V']) {
      expect(await runCli([flag])).toEqual({ code: 0, stdout: `${MANIFEST.version}\n`, stderr: '' });
    }
    expect(MANIFEST.bin['retrysafe']).toBe('./dist/esm/cli.js');
  });

  it.each([
    [[], 'Commands:'],
    ['token'.split(' '), '--secret-env <var>'],
    ['members'.split(' '), 'SDK FILLS'],
    ['store'.split(' '), 'RETRYSAFE_SQLITE_PATH'],
    ['store ls'.split(' '), '--dynamodb-table <name>'],
    ['store show'.split(' '), '<key>'],
    ['store rm'.split(' '), '--force'],
    ['store prune'.split(' '), 'Redis expires'],
    ['fake-aws'.split(' '), '--fault-rate <r>'],
  ])('retrysafe %j --help: usage on stdout, exit 0, with the exit codes', async (command, expected) => {
    const result = await runCli([...command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(`Usage: retrysafe${command.length > 0 ? ` ${command.join(' ')}` : ''}`);
    expect(result.stdout).toContain(expected);
    expect(result.stdout).toContain(EXIT_CODES_LINE);
  });

  it('retrysafe help COMMAND is the same as COMMAND --help', async () => {
    const viaHelp = await runCli(['help', 'token']);
    const viaFlag = await runCli(['token', '--help']);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
  });

  it('demo --help lists the demo’s own options', async () => {
    const result = await runCli(['demo', '--help']);
    expect(result.code).toBe(0);
    for (const option of ['--operations', '--fault-rate', '--seed', '--concurrency', '--json']) expect(result.stdout).toContain(option);
    // Under the name the user typed, not the workspace script's.
    expect(result.stdout).toMatch(/^Usage: retrysafe demo \[options\]/);
    expect(result.stdout).not.toContain('pnpm demo');
  });
});

describe('usage errors: exit 2, the culprit named on stderr, no stack', () => {
  it.each([
    ['no command', [], 'Usage: retrysafe'],
    ['an unknown command, with a suggestion', ['tokens'], "unknown command 'tokens'"],
    ['an unknown global flag', ['--verbose'], "unknown option '--verbose'"],
    ['an unknown store subcommand', ['store', 'list'], "unknown command 'list'"],
    ['a fake-aws port out of range', ['fake-aws', '--port', '70000'], '--port'],
    ['a fake-aws fault rate above 1', ['fake-aws', '--fault-rate', '1.5'], '--fault-rate'],
    ['an unknown fault kind', ['fake-aws', '--fault-rate', '0.1', '--fault-kinds', 'meteor'], '--fault-kinds'],
    ['fault kinds without a rate', ['fake-aws', '--fault-kinds', 'throttle'], '--fault-kinds'],
    ['a demo option it does not know', ['demo', '--operatoins', '5'], '--operatoins'],
    ['a bad demo number', ['demo', '--operations', 'many'], '--operations'],
  ])('%s', async (_name, args, named) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(named);
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });

  it('suggests the command meant', async () => {
    expect((await runCli(['tokn'])).stderr).toContain('Did you mean token?');
  });
});

describe('colour', () => {
  const coloured = (env: NodeJS.ProcessEnv) => runCli(['members', 'ram', 'CreateResourceShare'], env);
  const errorColoured = (env: NodeJS.ProcessEnv) => runCli(['members', 'no-such-service'], env);

  it('none on a pipe', async () => {
    expect((await coloured({})).stdout).not.toContain(ESC);
    expect((await errorColoured({})).stderr).not.toContain(ESC);
  });

  it('FORCE_COLOR turns it on, for output and errors alike', async () => {
    expect((await coloured({ FORCE_COLOR: '1' })).stdout).toContain(`${ESC}1mSERVICE`);
    expect((await errorColoured({ FORCE_COLOR: '1' })).stderr).toContain(`${ESC}31merror:`);
  });

  it('NO_COLOR wins over everything', async () => {
    expect((await coloured({ FORCE_COLOR: '1', NO_COLOR: '1' })).stdout).not.toContain(ESC);
    expect((await errorColoured({ FORCE_COLOR: '1', NO_COLOR: '1' })).stderr).not.toContain(ESC);
  });
});

describe('retrysafe demo', () => {
  it('runs the chaos demo: JSON results, no duplicate with retrysafe, exit 0', async () => {
    const result = await runCli(['demo', '--operations', '4', '--concurrency', '2', '--seed', '3', '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { settings: { operations: number; seed: number }; runs: unknown[]; retrysafeDuplicates: number };
    expect(report.settings).toMatchObject({ operations: 4, seed: 3 });
    expect(report.runs.length).toBeGreaterThan(1);
    expect(report.retrysafeDuplicates).toBe(0);
    // The CLI's own SDK clients keep quiet about the Node version.
    expect(result.stderr).not.toContain('NodeVersionSupportWarning');
  });
});

describe('retrysafe fake-aws', () => {
  it('prints its endpoint first, serves the SDK, and stops on SIGINT with exit 0', async () => {
    const child = spawnCli(['fake-aws', '--port', '0', '--seed', '5']);
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    try {
      const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
      const endpoint = await new Promise<string>((resolve, reject) => {
        lines.once('line', resolve);
        child.once('exit', (code) => reject(new Error(`retrysafe fake-aws exited early with ${code}`)));
      });
      expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const ec2 = new EC2Client({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIDCLITEST', secretAccessKey: 'x' }, maxAttempts: 1 });
      try {
        expect((await ec2.send(new DescribeInstancesCommand({}))).Reservations).toEqual([]);
      } finally {
        ec2.destroy();
      }
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('--json prints the endpoint, port and seed on one line', async () => {
    const child = spawnCli(['fake-aws', '--seed', '9', '--json']);
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    try {
      const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
      const first = await new Promise<string>((resolve) => lines.once('line', resolve));
      const info = JSON.parse(first) as { endpoint: string; port: number; seed: number; region: string };
      expect(info).toMatchObject({ seed: 9, region: 'us-east-1' });
      expect(info.endpoint).toBe(`http://127.0.0.1:${info.port}`);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});

describe('output to a closed pipe', () => {
  it('stops quietly, as `retrysafe members | head -1` expects', async () => {
    const child = spawnCli(['members']);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    // Read the first chunk, then close our end: the CLI's next writes hit EPIPE.
    await new Promise<void>((resolve) => child.stdout?.once('data', () => resolve()));
    child.stdout?.destroy();
    expect(await exited).toBe(0);
    expect(stderr).not.toMatch(STACK_FRAME);
    expect(stderr).not.toContain('EPIPE');
  });
});
