/**
 * `npm run test:browser`: the browser tests when a Chromium is found, else one line saying how to
 * enable them. Builds the web app first, so the tests drive what `npm start` serves.
 */
const { spawnSync } = require('node:child_process');
const { findChromium } = require('./chromium');

const chromium = findChromium();
if (!chromium) {
  console.log(
    'browser tests skipped: no Chromium found (apt-get install chromium, or set CHROME_PATH to a Chromium or Chrome binary)',
  );
  process.exit(0);
}

const run = (args) =>
  spawnSync('npm', args, { stdio: 'inherit', env: { ...process.env, CHROME_PATH: chromium } });
const build = run(['run', 'build:web']);
if (build.status !== 0) process.exit(build.status ?? 1);
const test = spawnSync('npx', ['jest', '-c', 'jest.browser.config.js', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, CHROME_PATH: chromium },
});
process.exit(test.status ?? 1);
