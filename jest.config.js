/**
 * One `npm test` for every tier, as two Jest projects:
 * - unit: the pure core, config and rendering (test/unit); no database, so no global setup.
 * - db: services and e2e tests on real PostgreSQL (every other spec under test/). Its global setup
 *   starts the server (or uses DATABASE_URL) and migrates a template database; it runs only when at
 *   least one db test is selected, so `npx jest test/unit` starts no PostgreSQL.
 */
const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
};

module.exports = {
  // 2 cores shared by the workers.
  maxWorkers: 2,
  // Generous: e2e files build a whole app and its data. (Jest reads this option only here, not per project.)
  testTimeout: 120000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'db',
      testMatch: ['<rootDir>/test/**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/unit/'],
      globalSetup: '<rootDir>/test/utils/global-setup.js',
      globalTeardown: '<rootDir>/test/utils/global-teardown.js',
    },
  ],
};
