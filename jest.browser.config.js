/**
 * Browser tests (web/e2e): Debian's Chromium driven by playwright-core against the built web app,
 * served by the real Nest app on a database cloned from the migrated template (same global setup as
 * the API tests). Run through `npm run test:browser` (web/e2e/run-browser-tests.js), which finds a
 * Chromium and builds the app first.
 */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testRegex: 'web/e2e/.*\\.e2e\\.ts$',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  globalSetup: '<rootDir>/test/utils/global-setup.js',
  globalTeardown: '<rootDir>/test/utils/global-teardown.js',
  testTimeout: 180000,
  // One browser at a time: two cores, and each file runs two or three browser contexts.
  maxWorkers: 1,
};
