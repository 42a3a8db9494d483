// One contender in the 16-process bind race: Redis at argv[2], the binding
// key argv[3]. It connects before the race (a miss on an unrelated key).
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: it loads the sources through a require hook. */
require('../../../../.config/register-sources.cjs');
const { runBindContender } = require('../../../core/src/testing/bind-race-contender.ts');
const { RedisTokenStore } = require('@retrysafe/store-redis');

const [url, bindingKey] = process.argv.slice(2);
const store = new RedisTokenStore({ url });
void runBindContender(store, bindingKey, () => store.get('0'.repeat(64)).then(() => undefined));
