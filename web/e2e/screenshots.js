/**
 * `npm run screenshots`: runs the every-page browser test (the real app on the demo data, in Debian's
 * Chromium), which photographs the pages into dist/screenshots, and copies the main ones to
 * docs/screenshots. Nothing is edited by hand.
 */
const { spawnSync } = require('node:child_process');
const { copyFileSync, mkdirSync } = require('node:fs');
const path = require('node:path');

const MAIN = [
  'candidate-home',
  'opportunity',
  'future-roles',
  'offers',
  'supervisor-opportunities',
  'applicants',
  'phone-opportunities',
  'privacy',
];
const run = spawnSync('node', [path.join(__dirname, 'run-browser-tests.js'), 'pages'], { stdio: 'inherit' });
if (run.status !== 0) process.exit(run.status ?? 1);
const from = path.resolve(__dirname, '..', '..', 'dist', 'screenshots');
const to = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');
mkdirSync(to, { recursive: true });
for (const name of MAIN) copyFileSync(path.join(from, `${name}.png`), path.join(to, `${name}.png`));
console.log(`copied ${MAIN.length} screenshots to docs/screenshots`);
