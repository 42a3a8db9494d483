// Lets a plain `node` child process, spawned by a test, run the workspace's
// TypeScript sources the way Jest does (same swc settings, same
// `@retrysafe/<pkg>` and `@retrysafe/<pkg>/testing` mapping), so race and
// crash tests never run a stale build:
//
//     require('<repo>/.config/register-sources.cjs');
//     const { SqliteTokenStore } = require('@retrysafe/store-sqlite');
//
// The child's entry must be a .cjs file (packages are "type": "module").
// Compiled files are cached on disk by path, size and mtime, so the many short
// children of a crash test skip both swc and the compile after the first.
'use strict';

const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, statSync, writeFileSync, existsSync } = require('node:fs');
const Module = require('node:module');
const { tmpdir } = require('node:os');
const { dirname, join, resolve } = require('node:path');

const repoRoot = resolve(__dirname, '..');
const packagesDir = join(repoRoot, 'packages');
const cacheDir = join(tmpdir(), 'retrysafe-register-sources', '1');
const swcOptions = {
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};
const workspacePackage = /^@retrysafe\/([a-z0-9-]+)(\/testing)?$/;

let swc;

function compile(source, filename) {
  const stat = statSync(filename);
  const key = createHash('sha256').update(`${filename}\0${stat.size}\0${stat.mtimeMs}`).digest('hex');
  const cached = join(cacheDir, `${key}.js`);
  try {
    return readFileSync(cached, 'utf8');
  } catch {
    // Not compiled yet.
  }
  swc ??= require(require.resolve('@swc/core', { paths: [repoRoot] }));
  const { code } = swc.transformSync(source, { ...swcOptions, filename });
  mkdirSync(cacheDir, { recursive: true });
  // Write then rename: children compiling at once never read half a file.
  const partial = `${cached}.${process.pid}.tmp`;
  writeFileSync(partial, code);
  renameSync(partial, cached);
  return code;
}

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveWorkspaceSource(request, parent, ...rest) {
  const workspace = workspacePackage.exec(request);
  if (workspace !== null) {
    const entry = workspace[2] === undefined ? 'index.ts' : join('testing', 'index.ts');
    return join(packagesDir, workspace[1], 'src', entry);
  }
  // Sources import siblings as './x.js' (NodeNext); the file on disk is x.ts.
  if (parent?.filename?.endsWith('.ts') && request.startsWith('.') && request.endsWith('.js')) {
    const source = resolve(dirname(parent.filename), `${request.slice(0, -'.js'.length)}.ts`);
    if (existsSync(source)) return source;
  }
  return resolveFilename.call(this, request, parent, ...rest);
};

Module._extensions['.ts'] = function loadTypeScript(module, filename) {
  module._compile(compile(readFileSync(filename, 'utf8'), filename), filename);
};
