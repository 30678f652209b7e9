/**
 * `npm run test:browser`: the browser tests when a Chromium is found, else one line saying how to
 * enable them. Builds the web app first, so the tests drive what `npm start` serves. Each test file
 * gets a Jest run of its own: Jest runs one worker in-process, and @nestjs/graphql keeps its type
 * metadata on the global object, so a second app in the same process would see the first one's.
 */
const { spawnSync } = require('node:child_process');
const { readdirSync } = require('node:fs');
const path = require('node:path');
const { findChromium } = require('./chromium');

const chromium = findChromium();
if (!chromium) {
  console.log(
    'browser tests skipped: no Chromium found (apt-get install chromium, or set CHROME_PATH to a Chromium or Chrome binary)',
  );
  process.exit(0);
}

const env = { ...process.env, CHROME_PATH: chromium };
const build = spawnSync('npm', ['run', 'build:web'], { stdio: 'inherit', env });
if (build.status !== 0) process.exit(build.status ?? 1);

const only = process.argv.slice(2);
const files = readdirSync(__dirname)
  .filter((file) => file.endsWith('.e2e.ts'))
  .map((file) => path.join('web', 'e2e', file))
  .filter((file) => only.length === 0 || only.some((arg) => file.includes(arg)));
let failed = 0;
for (const file of files) {
  const run = spawnSync('npx', ['jest', '-c', 'jest.browser.config.js', file], { stdio: 'inherit', env });
  if (run.status !== 0) failed++;
}
console.log(`browser tests: ${files.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
