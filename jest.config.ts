import type { Config } from 'jest';

// One Jest run for every package. Sources are compiled by @swc/jest (types are
// checked separately by `pnpm typecheck`); workspace packages resolve to their
// sources so tests never depend on a stale build.
// The SDK warns once per client that its 2027 releases need Node 22; the tests
// run on Node 20 on purpose (and on 22 by `pnpm test:node22`), so the warning
// is noise here.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/examples'],
  testMatch: ['**/test/**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  moduleNameMapper: {
    '^@retrysafe/([a-z-]+)/testing$': '<rootDir>/packages/$1/src/testing/index.ts',
    '^@retrysafe/([a-z-]+)$': '<rootDir>/packages/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testTimeout: 30_000,
};

export default config;
