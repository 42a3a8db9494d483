// Progress while the demo runs: on a terminal, one line per phase that fills
// up in place; elsewhere (a pipe, a CI log), plain lines at each quarter.

export interface ProgressOutput {
  /** Writes text as given; the result is ignored. */
  write(text: string): unknown;
}

export interface PhaseProgress {
  update(done: number, total: number): void;
  finish(summary: string): void;
}

const PHASE_LABEL_WIDTH = 12;
const BAR_WIDTH = 24;
const PERCENT = 100;
const QUARTER = 25;
/** Carriage return, then erase the line: the next write replaces the bar. */
const CLEAR_LINE = '\r\x1b[2K';

export function startPhase(out: ProgressOutput, interactive: boolean, label: string, phase: number, phases: number): PhaseProgress {
  const prefix = `[${phase}/${phases}] ${label.padEnd(PHASE_LABEL_WIDTH)}`;
  if (!interactive) out.write(`${prefix} started\n`);
  let shown = 0;
  return {
    update(done, total) {
      const percent = total === 0 ? PERCENT : Math.floor((done * PERCENT) / total);
      // A terminal redraws at every new percent; a log gets a line at 25, 50 and 75%.
      const step = interactive ? percent : Math.floor(percent / QUARTER) * QUARTER;
      if (step <= shown || (!interactive && step === PERCENT)) return;
      shown = step;
      if (interactive) {
        const filled = Math.round((percent * BAR_WIDTH) / PERCENT);
        const bar = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`;
        out.write(`${CLEAR_LINE}${prefix} ${bar} ${String(percent).padStart(3)}%  ${done}/${total}`);
      } else {
        out.write(`${prefix} ${String(step).padStart(3)}%  ${done}/${total}\n`);
      }
    },
    finish(summary) {
      out.write(`${interactive ? CLEAR_LINE : ''}${prefix} ${summary}\n`);
    },
  };
}
