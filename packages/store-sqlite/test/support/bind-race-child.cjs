// One contender in the 16-process bind race: the SQLite file is argv[2],
// the binding key argv[3]; with argv[4] = 'open-first' the file is opened
// before the race, else during the bind (all processes create it at once).
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: it loads the sources through a require hook. */
require('../../../../.config/register-sources.cjs');
const { runBindContender } = require('../../../core/src/testing/bind-race-contender.ts');
const { SqliteTokenStore } = require('@retrysafe/store-sqlite');

const [path, bindingKey, mode] = process.argv.slice(2);
const store = new SqliteTokenStore({ path });
void runBindContender(store, bindingKey, mode === 'open-first' ? () => store.open() : undefined);
