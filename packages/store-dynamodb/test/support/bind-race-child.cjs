// One contender in the 16-process bind race on the DynamoDB store:
// argv[2] is the server's endpoint, argv[3] the table, argv[4] the binding key.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: it loads the sources through a require hook. */
require('../../../../.config/register-sources.cjs');
const { runBindContender } = require('../../../core/src/testing/bind-race-contender.ts');
const { DynamoDbTokenStore } = require('@retrysafe/store-dynamodb');
const { localDynamoDbClient } = require('@retrysafe/store-dynamodb/testing');

const [endpoint, tableName, bindingKey] = process.argv.slice(2);
const store = new DynamoDbTokenStore({ client: localDynamoDbClient(endpoint), tableName });
void runBindContender(store, bindingKey);
