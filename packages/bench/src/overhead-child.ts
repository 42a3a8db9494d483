// Entry of a child process that runs one overhead variant (see overhead/variant-process.ts).
import { serveVariant } from './overhead/variant-process.js';

serveVariant().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
