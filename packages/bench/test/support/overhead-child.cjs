// The overhead benchmark's variant process, run from the TypeScript sources
// (the bench itself forks dist/esm/overhead-child.js): lets the tests drive
// the isolated mode without a build.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: it loads the sources through a require hook. */
require('../../../../.config/register-sources.cjs');
require('../../src/overhead-child.ts');
