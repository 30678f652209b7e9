/**
 * `npm run bench:web`: the JavaScript each page of the web app loads, gzipped, from the Vite manifest
 * of the last build (npm run build:web). The sign-in page has a budget of 200 KB gzipped: with
 * `--check` the script fails above it (CI runs it so).
 */
const { readFileSync, existsSync } = require('node:fs');
const path = require('node:path');
const { gzipSync } = require('node:zlib');

const BUDGET_KB = 200;
const SIGN_IN = 'src/features/auth/routes/sign-in.route.tsx';
const root = path.resolve(__dirname, '..', 'dist', 'web');
const manifestFile = path.join(root, '.vite', 'manifest.json');
if (!existsSync(manifestFile)) {
  console.error(`No build at ${root}: run npm run build:web first.`);
  process.exit(2);
}
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
const sizes = new Map();
const gz = (file) => {
  if (!sizes.has(file)) sizes.set(file, gzipSync(readFileSync(path.join(root, file)), { level: 9 }).length);
  return sizes.get(file);
};

/** The JS files a module needs before it runs: itself and its static imports, transitively. */
function closure(key, seen = new Set()) {
  const chunk = manifest[key];
  if (!chunk || seen.has(chunk.file)) return seen;
  if (chunk.file.endsWith('.js')) seen.add(chunk.file);
  for (const dep of chunk.imports ?? []) closure(dep, seen);
  return seen;
}

const kb = (bytes) => (bytes / 1024).toFixed(1);
const total = (files) => [...files].reduce((sum, file) => sum + gz(file), 0);
const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry);
const entry = closure(entryKey);

const rows = Object.keys(manifest)
  .filter((key) => /\/routes\/.*\.route\.tsx$/.test(key) || key.endsWith('app-layout.tsx'))
  .map((key) => {
    const files = closure(key, new Set(entry));
    // A signed-in page also needs the layout.
    if (!key.endsWith('app-layout.tsx') && key !== SIGN_IN)
      for (const f of closure('src/app/app-layout.tsx')) files.add(f);
    return { page: key.replace(/^src\//, ''), kb: Number(kb(total(files))) };
  })
  .sort((a, b) => a.page.localeCompare(b.page));

console.log(`entry chunk and its imports: ${kb(total(entry))} KB gzipped`);
console.table(rows);
const signIn = rows.find((row) => row.page === SIGN_IN.replace(/^src\//, ''));
console.log(`sign-in page JavaScript: ${signIn.kb} KB gzipped (budget ${BUDGET_KB} KB)`);
if (process.argv.includes('--check') && signIn.kb > BUDGET_KB) {
  console.error(
    `over budget: the sign-in page loads ${signIn.kb} KB of JavaScript, more than ${BUDGET_KB} KB`,
  );
  process.exit(1);
}
