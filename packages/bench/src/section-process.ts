// Entry of the child process that runs one benchmark for `pnpm bench`
// (main.ts): every benchmark starts in a fresh Node, so none inherits
// another's compiled code, heap or runtime state (the plugin's
// AsyncLocalStorage leaves promise hooks on for the rest of a process).
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

import type { BenchmarkName, BenchSettings } from './bench-args.js';
import { runSection, type SectionOutcome } from './run-section.js';

/** What the child sends its parent: the outcome, or why it failed. */
export type SectionMessage = { readonly type: 'done'; readonly outcome: SectionOutcome } | { readonly type: 'failed'; readonly message: string };

const [name, settingsJson] = process.argv.slice(2);
const reply = (message: SectionMessage): void => {
  // Exit once the message is out: a lingering handle must not hold the bench.
  process.send?.(message, () => process.exit(message.type === 'done' ? 0 : 1));
};
runSection(name as BenchmarkName, JSON.parse(settingsJson ?? '{}') as BenchSettings, (text) => process.stderr.write(`  … ${text}\n`)).then(
  (outcome) => reply({ type: 'done', outcome }),
  (error: unknown) => reply({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
);
