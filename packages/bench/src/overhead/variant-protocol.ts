import type { BatchTime } from '../interleaved.js';

// Messages between the overhead benchmark and a child process that runs one variant.

export type ToVariantProcess =
  | { readonly type: 'run'; readonly count: number }
  | { readonly type: 'close' };

export type FromVariantProcess =
  | { readonly type: 'ready'; readonly inputMembers: number }
  | { readonly type: 'ran'; readonly time: BatchTime }
  | { readonly type: 'closed' }
  | { readonly type: 'failed'; readonly message: string };

/** The child's argument: which variant it runs. */
export const VARIANT_ARG_PREFIX = '--variant=';
