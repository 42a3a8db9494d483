import { realisticRunInstancesInput } from '../fixtures/run-instances-input.js';
import { timeBatch } from '../interleaved.js';
import type { FromVariantProcess, ToVariantProcess } from './variant-protocol.js';
import { VARIANT_ARG_PREFIX } from './variant-protocol.js';
import { openVariant, variantSpec } from './variants.js';

/**
 * The child side: opens the variant named on the command line, then runs
 * batches on request and reports each one's time (this process's CPU time:
 * nothing else runs here, so the plugin's side effects, such as the promise
 * hooks AsyncLocalStorage turns on, stay out of the bare client's process).
 */
export async function serveVariant(): Promise<void> {
  const reply = (message: FromVariantProcess): void => {
    process.send?.(message);
  };
  const arg = process.argv.find((value) => value.startsWith(VARIANT_ARG_PREFIX));
  if (arg === undefined || process.send === undefined) throw new Error('run by the overhead benchmark only (needs --variant= and an IPC channel)');
  const variant = await openVariant(variantSpec(arg.slice(VARIANT_ARG_PREFIX.length)));
  process.on('message', (message: ToVariantProcess) => {
    const handle = async (): Promise<void> => {
      if (message.type === 'run') {
        const time = await timeBatch({ id: variant.spec.id, run: (count) => variant.send(count) }, message.count);
        reply({ type: 'ran', time });
      } else {
        variant.checkSends();
        await variant.close();
        reply({ type: 'closed' });
        process.disconnect();
      }
    };
    handle().catch((error: unknown) => reply({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
  });
  reply({ type: 'ready', inputMembers: Object.keys(realisticRunInstancesInput()).length });
}
