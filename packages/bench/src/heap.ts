/** `global.gc` exists when Node runs with --expose-gc (as `pnpm bench` does). */
const gc = (globalThis as { gc?: (options?: { type: 'minor' | 'major' }) => void }).gc;

export const BYTES_PER_MB = 1024 * 1024;
/** Two passes: the first may only queue finalizers (WeakRef targets, FinalizationRegistry). */
const GC_PASSES = 2;

export function gcAvailable(): boolean {
  return gc !== undefined;
}

/** A full collection, when available. */
export function fullGc(): void {
  if (gc === undefined) return;
  for (let pass = 0; pass < GC_PASSES; pass++) gc();
}

/**
 * A young-generation collection, when available: clears the garbage the
 * last batch left without a full mark-compact, which would age (and soon
 * flush) the compiled code of functions idle for a few collections and so
 * make the next batch start cold.
 */
export function minorGc(): void {
  gc?.({ type: 'minor' });
}

/** Heap in use after a full collection, in MB. Throws without --expose-gc: an un-collected heap says nothing. */
export function heapAfterGcMb(): number {
  if (gc === undefined) throw new Error('heap samples need node --expose-gc');
  fullGc();
  return process.memoryUsage().heapUsed / BYTES_PER_MB;
}
