// Lets a plain `node` child process, spawned by a test, run the workspace's
// TypeScript sources the way Jest does (same swc settings, same
// `@retrysafe/<pkg>` and `@retrysafe/<pkg>/testing` mapping), so race and
// crash tests never run a stale build:
//
//     const { saveCodeCache } = require('<repo>/.config/register-sources.cjs');
//     const { SqliteTokenStore } = require('@retrysafe/store-sqlite');
//
// The child's entry must be a .cjs file (packages are "type": "module").
//
// Crash tests start hundreds of short children, so start-up is cached on
// disk: swc's output per source file, and V8's compiled code per CommonJS
// file (what `module.enableCompileCache()` does on Node 22, which Node 20
// lacks), and module resolutions. Caches are keyed by path, size and mtime
// (and the V8 version), a cached resolution is used only while its file
// exists, and all is written by `saveCodeCache()` or at a normal exit; a
// SIGKILLed child writes nothing, so call `saveCodeCache()` once loaded.
'use strict';

const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { tmpdir } = require('node:os');
const { dirname, join, resolve } = require('node:path');
const vm = require('node:vm');

const repoRoot = resolve(__dirname, '..');
const packagesDir = join(repoRoot, 'packages');
const cacheDir = join(tmpdir(), 'retrysafe-register-sources', `3-${process.versions.v8}`);
const swcOptions = {
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};
const workspacePackage = /^@retrysafe\/([a-z0-9-]+)(\/testing)?$/;

let swc;
/** Scripts compiled without a usable code cache: [script, cache path]. */
const unsaved = [];

function cachePath(kind, filename) {
  const stat = statSync(filename);
  const key = createHash('sha256').update(`${filename}\0${stat.size}\0${stat.mtimeMs}`).digest('hex');
  return join(cacheDir, `${key}.${kind}`);
}

function readCache(path) {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** Write then rename: children writing at once never read half a file. */
function writeCache(path, data) {
  mkdirSync(cacheDir, { recursive: true });
  const partial = `${path}.${process.pid}.tmp`;
  writeFileSync(partial, data);
  renameSync(partial, path);
}

function transpile(source, filename) {
  const path = cachePath('js', filename);
  const cached = readCache(path);
  if (cached !== undefined) return cached.toString('utf8');
  swc ??= require(require.resolve('@swc/core', { paths: [repoRoot] }));
  const { code } = swc.transformSync(source, { ...swcOptions, filename });
  writeCache(path, code);
  return code;
}

/** Resolutions and V8 code for every CommonJS module loaded so far that had none cached. */
function saveCodeCache() {
  if (resolutionsChanged) {
    resolutionsChanged = false;
    try {
      writeCache(resolutionsPath, JSON.stringify(Object.fromEntries(resolutions)));
    } catch {
      // As below: only the next start pays.
    }
  }
  for (const [script, path] of unsaved.splice(0)) {
    try {
      writeCache(path, script.createCachedData());
    } catch {
      // A cache is an optimisation; a failed write only costs the next start.
    }
  }
}
process.once('exit', saveCodeCache);

// Resolutions of earlier runs, by requesting directory and request: a hit
// costs one stat instead of Node's search through node_modules and symlinks.
// Kept per lockfile version, so an install never leaves a child loading a
// package version that is still on disk but no longer the one installed.
const lockfile = join(repoRoot, 'pnpm-lock.yaml');
const lockfileStat = existsSync(lockfile) ? statSync(lockfile) : undefined;
const lockfileStamp = lockfileStat === undefined ? 'none' : `${lockfileStat.size}-${Math.floor(lockfileStat.mtimeMs)}`;
const resolutionsPath = join(cacheDir, `resolutions-${lockfileStamp}.json`);
const resolutions = new Map(Object.entries(JSON.parse(readCache(resolutionsPath)?.toString('utf8') ?? '{}')));
let resolutionsChanged = false;

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveWorkspaceSource(request, parent, isMain, options) {
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
  const cacheable = options === undefined && parent?.filename && !Module.isBuiltin(request);
  if (!cacheable) return resolveFilename.call(this, request, parent, isMain, options);
  const key = `${dirname(parent.filename)}\0${request}`;
  const known = resolutions.get(key);
  if (known !== undefined && existsSync(known)) return known;
  const found = resolveFilename.call(this, request, parent, isMain, options);
  resolutions.set(key, found);
  resolutionsChanged = true;
  return found;
};

Module._extensions['.ts'] = function loadTypeScript(module, filename) {
  module._compile(transpile(readFileSync(filename, 'utf8'), filename), filename);
};

// Node's own CommonJS compile, with V8's code cache: the same wrapper and the
// same `require` (as v8-compile-cache builds it).
Module.prototype._compile = function compileWithCodeCache(content, filename) {
  const path = cachePath('v8', filename);
  const cachedData = readCache(path);
  const script = new vm.Script(Module.wrap(content), { filename, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) unsaved.push([script, path]);
  const compiled = script.runInThisContext({ displayErrors: true });
  const module = this;
  const moduleRequire = (id) => module.require(id);
  moduleRequire.resolve = (request, options) => Module._resolveFilename(request, module, false, options);
  moduleRequire.resolve.paths = (request) => Module._resolveLookupPaths(request, module);
  moduleRequire.main = process.mainModule;
  moduleRequire.extensions = Module._extensions;
  moduleRequire.cache = Module._cache;
  return compiled.call(module.exports, module.exports, moduleRequire, module, filename, dirname(filename));
};

module.exports = { saveCodeCache };
