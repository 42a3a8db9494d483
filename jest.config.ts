import type { Config } from 'jest';

// One Jest run for every package. Sources are compiled by @swc/jest (types are
// checked separately by `pnpm typecheck`); workspace packages resolve to their
// sources so tests never depend on a stale build.
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages'],
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
