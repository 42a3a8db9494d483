import { createRequire } from 'node:module';

/** This package's version, from its package.json (two folders up from dist/esm or dist/cjs). */
export function packageVersion(): string {
  const manifest: unknown = createRequire(import.meta.url)('../../package.json');
  const version = (manifest as { version?: unknown } | null)?.version;
  return typeof version === 'string' ? version : '0.0.0';
}
