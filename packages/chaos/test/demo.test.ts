import { DemoUsageError, parseDemoArgs } from '../src/demo-args.js';
import { startPhase } from '../src/demo-progress.js';
import { retrysafeDuplicates } from '../src/demo-report.js';
import type { ChaosRunResult } from '../src/results.js';
import { EXIT_DUPLICATES, EXIT_OK, EXIT_USAGE, runDemo } from '../src/run-demo.js';

// `pnpm demo` in-process: its flags, its table, its JSON and its exit codes.

/** Collects what the demo writes. */
class Capture {
  text = '';
  constructor(readonly isTTY = false) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

const LINE_LIMIT = 80;
const SMALL_RUN = ['--operations', '12', '--concurrency', '4', '--seed', '5'];

describe('flags', () => {
  test('defaults and every flag', () => {
    expect(parseDemoArgs([])).toEqual({
      kind: 'run',
      settings: { operations: 300, faultRate: 0.4, seed: 1, concurrency: 16, json: false },
    });
    expect(
      parseDemoArgs(['--operations', '50', '--fault-rate=0.25', '--seed', '9', '--concurrency', '2', '--json']),
    ).toEqual({ kind: 'run', settings: { operations: 50, faultRate: 0.25, seed: 9, concurrency: 2, json: true } });
    expect(parseDemoArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseDemoArgs(['-h', '--operations', 'x'])).toEqual({ kind: 'help' });
  });

  test.each([
    [['--operations', 'ten']],
    [['--operations', '-1']],
    [['--operations', '1e3']],
    [['--fault-rate', '1.5']],
    [['--fault-rate', 'abc']],
    [['--fault-rate', '']],
    [['--seed']],
    [['--verbose']],
    [['extra']],
  ])('%j is a usage error', (args) => {
    expect(() => parseDemoArgs(args)).toThrow(DemoUsageError);
  });
});

describe('runDemo', () => {
  test('prints progress and a side-by-side table that fits 80 columns; exit 0 when retrysafe made no duplicate', async () => {
    const stdout = new Capture();
    const stderr = new Capture();
    const code = await runDemo(SMALL_RUN, { stdout, stderr });
    expect(code).toBe(EXIT_OK);
    expect(stderr.text).toBe('');
    const lines = stdout.text.split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(LINE_LIMIT);
    expect(lines).toContainEqual(expect.stringMatching(/^\s+bare SDK\s+retrysafe\s+keyed\+fresh$/));
    const row = (label: string) => lines.find((l) => l.startsWith(label))?.slice(label.length).trim().split(/\s+/);
    expect(row('logical operations')).toEqual(['36', '36', '36']);
    expect(row('duplicates')?.slice(1)).toEqual(['0', '0']);
    expect(row('  not caused by the caller')).toEqual(['0', '0', '0']);
    expect(lines.filter((l) => /^\[\d\/3\] .* done in /.test(l))).toHaveLength(3);
    expect(stdout.text).toContain('retrysafe: 0 duplicates, exactly one resource per operation');
  });

  test('--json prints only JSON on stdout, with every run; progress goes to stderr', async () => {
    const stdout = new Capture(true);
    const stderr = new Capture();
    const code = await runDemo([...SMALL_RUN, '--json', '--fault-rate', '0.3'], { stdout, stderr });
    expect(code).toBe(EXIT_OK);
    const report = JSON.parse(stdout.text) as { settings: object; runs: ChaosRunResult[]; retrysafeDuplicates: number; exitCode: number };
    expect(report.settings).toEqual({ operations: 12, faultRate: 0.3, seed: 5, concurrency: 4, json: true });
    expect(report.runs.map((r) => r.mode)).toEqual(['bare', 'retrysafe', 'retrysafe-keyed-fresh']);
    expect(report.runs.every((r) => r.seed === 5 && r.operationsPerService === 12)).toBe(true);
    expect(report.retrysafeDuplicates).toBe(0);
    expect(report.exitCode).toBe(EXIT_OK);
    expect(stderr.text).toContain('[3/3] keyed+fresh');
    expect(stderr.text).not.toContain('\r'); // no terminal redraws in a log, even when stdout is a terminal
  });

  test('bad flags: exit 2 with the usage, nothing run', async () => {
    for (const args of [['--operations', '0'], ['--concurrency', '0'], ['--seed', '4294967296'], ['--nope']]) {
      const stdout = new Capture();
      const stderr = new Capture();
      expect(await runDemo(args, { stdout, stderr })).toBe(EXIT_USAGE);
      expect(stderr.text).toMatch(/^demo: .*\nUsage: pnpm demo/);
      expect(stdout.text).toBe('');
    }
  });

  test('--help: the usage, exit 0', async () => {
    const stdout = new Capture();
    expect(await runDemo(['--help'], { stdout, stderr: new Capture() })).toBe(EXIT_OK);
    expect(stdout.text).toMatch(/^Usage: pnpm demo/);
  });

  test('the exit code follows the duplicates retrysafe made, not the bare ones', () => {
    const run = (mode: ChaosRunResult['mode'], duplicates: number) => ({ mode, total: { duplicates } }) as ChaosRunResult;
    expect(retrysafeDuplicates([run('bare', 50), run('retrysafe', 0), run('retrysafe-keyed-fresh', 0)])).toBe(0);
    expect(retrysafeDuplicates([run('bare', 0), run('retrysafe', 0), run('retrysafe-keyed-fresh', 2)])).toBe(2);
    expect(EXIT_DUPLICATES).not.toBe(EXIT_OK);
  });
});

describe('progress', () => {
  test('a terminal gets one line redrawn in place, at most once per percent', () => {
    const out = new Capture(true);
    const phase = startPhase(out, true, 'retrysafe', 2, 3);
    for (let done = 1; done <= 400; done += 1) phase.update(done, 400);
    phase.finish('done');
    const redraws = out.text.split('\r\x1b[2K').filter((s) => s !== '');
    expect(redraws).toHaveLength(101); // 1%..100%, then the summary
    expect(redraws[49]).toContain('[2/3] retrysafe');
    expect(redraws[49]).toContain(' 50%  200/400');
    expect(redraws.at(-1)).toBe('[2/3] retrysafe    done\n');
  });

  test('a log gets plain lines: start, each quarter, summary', () => {
    const out = new Capture();
    const phase = startPhase(out, false, 'bare SDK', 1, 3);
    for (let done = 1; done <= 10; done += 1) phase.update(done, 10);
    phase.finish('done in 1.0 s');
    expect(out.text.split('\n').filter((l) => l !== '')).toEqual([
      '[1/3] bare SDK     started',
      '[1/3] bare SDK      25%  3/10',
      '[1/3] bare SDK      50%  5/10',
      '[1/3] bare SDK      75%  8/10',
      '[1/3] bare SDK     done in 1.0 s',
    ]);
  });
});
