import { join } from 'node:path';
import { cleanEnvironment, runCommand, type CommandResult } from './run-command.js';
import { REPO_ROOT } from './workspace-packages.js';

const LINT_TIMEOUT_MS = 120_000;
const BIN = join(REPO_ROOT, 'packages', 'bench', 'node_modules', '.bin');

/** publint on a packed tarball: exits non-zero on an error; warnings are printed but pass. */
export function publint(tarball: string): Promise<CommandResult> {
  return runCommand(join(BIN, 'publint'), ['run', tarball, '--level', 'warning'], {
    cwd: REPO_ROOT,
    timeoutMs: LINT_TIMEOUT_MS,
    env: cleanEnvironment(),
  });
}

export interface AttwProblem {
  readonly kind: string;
  readonly entrypoint?: string;
  readonly resolutionKind?: string;
}

/**
 * Are the Types Wrong on a packed tarball, under the node16 profile: Node 16+
 * resolution from CommonJS and ESM, and bundlers. (The strict profile adds
 * TypeScript's legacy `node10` resolution, which cannot see `exports`
 * subpaths such as `/testing`; the packages need Node 20 anyway.)
 */
export async function attw(tarball: string): Promise<{ result: CommandResult; problems: AttwProblem[] }> {
  const result = await runCommand(join(BIN, 'attw'), [tarball, '--format', 'json', '--profile', 'node16'], {
    cwd: REPO_ROOT,
    timeoutMs: LINT_TIMEOUT_MS,
    env: cleanEnvironment(),
  });
  const report = JSON.parse(result.stdout) as { problems?: Record<string, AttwProblem[]> };
  const problems = Object.values(report.problems ?? {})
    .flat()
    .filter((problem) => problem.resolutionKind !== 'node10');
  return { result, problems };
}
