// Another process holding a SQLite file's write lock (the forkContender
// protocol): opens argv[2] with the driver the store uses on this Node, takes
// an exclusive transaction and reports 'ready'; on 'go' it rolls back and
// reports the result 'released'. A lock taken in the test's own process would
// prove nothing: POSIX locks never conflict within one process, so on Node 22
// the store's node:sqlite would not see a lock @photostructure/sqlite holds.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: it loads the sources through a require hook. */
require('../../../../.config/register-sources.cjs');
const { loadSqliteDriver } = require('@retrysafe/store-sqlite');

const [path] = process.argv.slice(2);

void loadSqliteDriver().then(
  ({ DatabaseSync }) => {
    const database = new DatabaseSync(path);
    database.exec('BEGIN EXCLUSIVE');
    process.on('message', (message) => {
      if (message.type !== 'go') return;
      database.exec('ROLLBACK');
      database.close();
      process.send({ type: 'result', value: 'released' });
    });
    process.send({ type: 'ready' });
  },
  (error) => process.send({ type: 'error', message: String(error) }),
);
