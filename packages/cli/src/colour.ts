/** What a command writes to: the process's streams, or a test's. */
export interface OutputStream {
  /** Writes text as given (commands add their own newlines); the result is ignored. */
  write(text: string): unknown;
  /** True on a terminal: colour is used only there (unless NO_COLOR, TERM=dumb or FORCE_COLOR say otherwise). */
  readonly isTTY?: boolean;
}

/** Styles for one output stream; each is the identity when colour is off. */
export interface Palette {
  readonly enabled: boolean;
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly red: (text: string) => string;
  readonly green: (text: string) => string;
  readonly yellow: (text: string) => string;
}

const ESC = '\u001b[';
const RESET_BOLD = 22;
const RESET_COLOUR = 39;
const SGR = { bold: 1, dim: 2, red: 31, green: 32, yellow: 33 } as const;

function style(open: number, close: number): (text: string) => string {
  return (text) => `${ESC}${open}m${text}${ESC}${close}m`;
}

const plain = (text: string): string => text;

/**
 * Colour only on a terminal, never when NO_COLOR is set (https://no-color.org)
 * or TERM is 'dumb'; FORCE_COLOR turns it on for a pipe (CI logs).
 */
export function colourEnabled(stream: OutputStream, env: NodeJS.ProcessEnv): boolean {
  if (nonEmpty(env['NO_COLOR'])) return false;
  if (nonEmpty(env['FORCE_COLOR']) && env['FORCE_COLOR'] !== '0') return true;
  if (env['TERM'] === 'dumb') return false;
  return stream.isTTY === true;
}

export function paletteFor(stream: OutputStream, env: NodeJS.ProcessEnv): Palette {
  const enabled = colourEnabled(stream, env);
  return {
    enabled,
    bold: enabled ? style(SGR.bold, RESET_BOLD) : plain,
    dim: enabled ? style(SGR.dim, RESET_BOLD) : plain,
    red: enabled ? style(SGR.red, RESET_COLOUR) : plain,
    green: enabled ? style(SGR.green, RESET_COLOUR) : plain,
    yellow: enabled ? style(SGR.yellow, RESET_COLOUR) : plain,
  };
}

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value !== '';
}
