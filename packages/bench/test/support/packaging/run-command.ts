import { execFile } from 'node:child_process';

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Output kept per stream: npm and tsc can be chatty. */
const MAX_OUTPUT_BYTES = 32 * 1024 * 1024;

/**
 * Runs a program (no shell) and resolves with its exit code and output,
 * failing only when it cannot be started or overruns `timeoutMs`.
 */
export function runCommand(
  file: string,
  args: readonly string[],
  options: { readonly cwd: string; readonly timeoutMs: number; readonly env?: NodeJS.ProcessEnv },
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      [...args],
      { cwd: options.cwd, env: options.env ?? process.env, timeout: options.timeoutMs, maxBuffer: MAX_OUTPUT_BYTES, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== 'number') {
          reject(new Error(`${file} ${args.join(' ')} failed to run: ${error.message}\n${stderr}`, { cause: error }));
          return;
        }
        resolve({ code: error === null ? 0 : (error.code as number), stdout, stderr });
      },
    );
  });
}

/** Like `runCommand`, but a non-zero exit is an error carrying the output. */
export async function runChecked(
  file: string,
  args: readonly string[],
  options: { readonly cwd: string; readonly timeoutMs: number; readonly env?: NodeJS.ProcessEnv },
): Promise<CommandResult> {
  const result = await runCommand(file, args, options);
  if (result.code !== 0) {
    throw new Error(`${file} ${args.join(' ')} (in ${options.cwd}) exited ${result.code}\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

/**
 * The environment of a fresh shell: without the npm_* / pnpm_* variables a
 * `pnpm test` run sets, so npm in the consumer project behaves as a user's would.
 */
export function cleanEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(npm|pnpm)_/i.test(name)));
}
