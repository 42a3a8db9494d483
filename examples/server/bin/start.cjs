// Runs the example from its TypeScript sources (compiled on the fly by the
// workspace's require hook), so it works right after `pnpm install`.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: the sources load through a require hook. */
// The SDK's notice that its 2027 releases need Node 22 is noise in a demo.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('../../../.config/register-sources.cjs');
require('../src/main.ts');
