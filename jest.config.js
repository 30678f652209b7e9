/** One Jest run for all tiers: unit (pure core), medium (services on real PostgreSQL), e2e (/graphql). */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testRegex: 'test/.*\\.spec\\.ts$',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  globalSetup: '<rootDir>/test/utils/global-setup.js',
  globalTeardown: '<rootDir>/test/utils/global-teardown.js',
  // Generous: e2e files build a whole app and its data; 2 cores shared by the workers.
  testTimeout: 120000,
  maxWorkers: 2,
};
