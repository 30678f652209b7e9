/** Finds a Chromium: CHROME_PATH, else chromium / chromium-browser / google-chrome on PATH. */
const { existsSync } = require('node:fs');
const path = require('node:path');

function findChromium(env = process.env) {
  if (env.CHROME_PATH) return existsSync(env.CHROME_PATH) ? env.CHROME_PATH : null;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
      const candidate = path.join(dir, name);
      if (dir && existsSync(candidate)) return candidate;
    }
  }
  return null;
}

module.exports = { findChromium };
