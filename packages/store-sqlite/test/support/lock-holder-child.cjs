// Another process holding a SQLite file's lock (the forkContender protocol):
// opens argv[2] with the driver the store uses on this Node, begins a
// transaction of kind argv[3] ('EXCLUSIVE', the default, or 'IMMEDIATE': the
// write lock only, readers still admitted) and reports 'ready'; on 'go' it
// rolls back and reports the result 'released'. The file keeps the journal
// mode it has (a new file: rollback journal). A lock taken in the test's own process would
// prove nothing: POSIX locks never conflict within one process, so on Node 22
// the store's node:sqlite would not see a lock @photostructure/sqlite holds.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: it loads the sources through a require hook. */
require('../../../../.config/register-sources.cjs');
const { loadSqliteDriver } = require('@retrysafe/store-sqlite');

const [path, kind = 'EXCLUSIVE'] = process.argv.slice(2);

void loadSqliteDriver().then(
  ({ DatabaseSync }) => {
    const database = new DatabaseSync(path);
    database.exec(`BEGIN ${kind}`);
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
