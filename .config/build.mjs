// Dual build for one package, run from the package folder:
//   1. tsc emits ESM JavaScript and declarations into dist/esm;
//   2. swc rewrites each ESM file as CommonJS into dist/cjs, the declarations
//      are copied beside them, and dist/cjs/package.json marks the folder as
//      CommonJS, so `require` gets CJS code and CJS-flavoured types.
// Source maps carry their sources inline, so the packed dist/ is enough for
// a debugger or --enable-source-maps to show the TypeScript.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative } from 'node:path';

const require = createRequire(import.meta.url);
const swc = require('@swc/core');
const tsc = require.resolve('typescript/bin/tsc');

const esmDir = 'dist/esm';
const cjsDir = 'dist/cjs';
rmSync('dist', { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

for (const file of files(esmDir)) {
  const target = join(cjsDir, relative(esmDir, file));
  mkdirSync(dirname(target), { recursive: true });
  if (file.endsWith('.d.ts')) {
    copyFileSync(file, target);
  } else if (file.endsWith('.js')) {
    // The CommonJS file's map goes through the ESM one back to the TypeScript
    // source, which tsc inlined (inlineSources): the tarball ships no src/.
    const { code, map } = swc.transformFileSync(file, {
      swcrc: false,
      jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' },
      module: { type: 'commonjs', importInterop: 'node' },
      sourceMaps: true,
      inputSourceMap: true,
    });
    const mapName = `${basename(target)}.map`;
    writeFileSync(target, `${code.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '')}\n//# sourceMappingURL=${mapName}\n`);
    writeFileSync(`${target}.map`, map);
  }
}
writeFileSync(join(cjsDir, 'package.json'), JSON.stringify({ type: 'commonjs' }) + '\n');
