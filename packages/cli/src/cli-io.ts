import { paletteFor, type OutputStream, type Palette } from './colour.js';

/** Where a run of the CLI reads its environment and writes its output. */
export interface CliIo {
  /** Data, and `--json` output. */
  readonly stdout: OutputStream;
  /** Messages: notes, warnings and errors. */
  readonly stderr: OutputStream;
  /** The environment the commands read (`STORE_ENV_VARS`, `REGION_ENV_VARS`, NO_COLOR, ...). */
  readonly env: NodeJS.ProcessEnv;
  /** Resolves with the signal's name when the user asks a long-running command to stop (SIGINT, SIGTERM). */
  untilStopped(): Promise<string>;
}

/** The streams with their palettes, as commands use them. */
export interface CommandIo extends CliIo {
  readonly out: Palette;
  readonly err: Palette;
  /** Writes one line to stdout. */
  print(line: string): void;
  /** Writes one line to stderr (notes and warnings; never data). */
  note(line: string): void;
  /** Writes a value as pretty JSON to stdout, for scripts. */
  printJson(value: unknown): void;
}

const JSON_INDENT = 2;

export function commandIo(io: CliIo): CommandIo {
  return {
    ...io,
    out: paletteFor(io.stdout, io.env),
    err: paletteFor(io.stderr, io.env),
    print: (line) => void io.stdout.write(`${line}\n`),
    note: (line) => void io.stderr.write(`${line}\n`),
    printJson: (value) => void io.stdout.write(`${JSON.stringify(value, null, JSON_INDENT)}\n`),
  };
}
