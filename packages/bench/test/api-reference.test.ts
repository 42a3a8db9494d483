import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { runCommand } from './support/packaging/run-command.js';
import { publicPackages, type WorkspacePackage } from './support/packaging/workspace-packages.js';

// `pnpm run docs` builds the API reference with TypeDoc, which the config
// makes fail on any exported name without TSDoc. Built here into a temporary
// folder, so a new undocumented export fails the tests, not only the docs job.
const ROOT = join(__dirname, '..', '..', '..');
const TYPEDOC = join(ROOT, 'node_modules', '.bin', 'typedoc');
const CONFIG = join(ROOT, '.config', 'typedoc.json');
const TYPEDOC_TIMEOUT_MS = 3 * 60_000;
/** The subpath exports that are a package's API (`./package.json` is not). */
const API_EXPORTS = ['.', './testing'];

/** The source file behind each API export of a package: `.` is src/index.ts, `./testing` src/testing/index.ts. */
function apiSources(pkg: WorkspacePackage): string[] {
  const exports = (pkg.manifest.exports ?? {}) as Readonly<Record<string, unknown>>;
  return API_EXPORTS.filter((key) => key in exports).map((key) =>
    join(pkg.dir, 'src', key === '.' ? '' : key.slice('./'.length), 'index.ts'),
  );
}

describe('the API reference (pnpm run docs)', () => {
  let out: string;
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'retrysafe-api-'));
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it(
    'builds with every exported name of every documented package documented',
    async () => {
      const result = await runCommand(TYPEDOC, ['--options', CONFIG, '--out', out], { cwd: ROOT, timeoutMs: TYPEDOC_TIMEOUT_MS });
      expect({ code: result.code, warnings: result.stdout.split('\n').filter((line) => /warning|error/i.test(line)) }).toEqual({ code: 0, warnings: [] });
      expect(existsSync(join(out, 'index.html'))).toBe(true);
    },
    TYPEDOC_TIMEOUT_MS,
  );

  it('covers every public package the config names, and names every public package', () => {
    const config = JSON.parse(readFileSync(CONFIG, 'utf8')) as { entryPoints: string[]; packagesRequiringDocumentation: string[] };
    for (const entry of config.entryPoints) expect(existsSync(join(ROOT, '.config', entry))).toBe(true);
    expect(config.packagesRequiringDocumentation.length).toBeGreaterThan(0);

    // Every package without "private": true is published, so its `.` and
    // `./testing` exports must be documented: an entry point each, and its
    // name in packagesRequiringDocumentation (else TypeDoc lets it go undocumented).
    const { ready, placeholders } = publicPackages();
    const packages = [...ready, ...placeholders];
    expect(packages.length).toBeGreaterThan(0);
    const entryPoints = new Set(config.entryPoints.map((entry) => resolve(ROOT, '.config', entry)));
    const documented = new Set(config.packagesRequiringDocumentation);
    const missingEntryPoints = packages.flatMap((pkg) =>
      apiSources(pkg)
        .filter((source) => !entryPoints.has(source))
        .map((source) => `${pkg.manifest.name}: ${relative(ROOT, source)}`),
    );
    const missingPackages = packages.map((pkg) => pkg.manifest.name).filter((name) => !documented.has(name));
    expect({ missingEntryPoints, missingPackages }).toEqual({ missingEntryPoints: [], missingPackages: [] });
    // Each package has at least its `.` export, so the check above cannot pass by finding nothing.
    for (const pkg of packages) expect(apiSources(pkg).length).toBeGreaterThan(0);
  });
});
