/**
 * npx ts-node --transpile-only bench/cpu-profile-summary.ts FILE.cpuprofile [--top N] [--match TEXT]
 *
 * Reads a V8 CPU profile (`node --cpu-prof`, e.g. from `npm run bench:api -- --cpu-prof DIR`) and
 * prints where the time went: self time per package (node_modules/<package>, the app's own dist/
 * code, Node internals, garbage collection, idle), the functions with the most self time, and with
 * `--match TEXT` the inclusive (total) time of every function whose name or file contains TEXT.
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function packageOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (functionName === '(garbage collector)') return '(garbage collector)';
  if (functionName === '(idle)') return '(idle)';
  if (functionName === '(program)') return '(program)';
  if (!url) return '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const dist = url.indexOf('/dist/');
  if (dist >= 0)
    return `app ${url
      .slice(dist + 1)
      .split('/')
      .slice(0, 3)
      .join('/')}`;
  return url;
}

function label(frame: CallFrame): string {
  const file = frame.url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, 'dist/');
  return `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
}

function main(): void {
  const [file, ...rest] = process.argv.slice(2);
  if (!file) throw new Error('usage: cpu-profile-summary.ts FILE.cpuprofile [--top N] [--match TEXT]');
  const top = Number(rest[rest.indexOf('--top') + 1] ?? 25) || 25;
  const match = rest.includes('--match') ? rest[rest.indexOf('--match') + 1] : null;
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((s, x) => s + x, 0);
  const idle = [...self.entries()]
    .filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)')
    .reduce((s, [, x]) => s + x, 0);
  const busy = total - idle;
  const pct = (x: number) => `${((100 * x) / busy).toFixed(1).padStart(5)}%`;
  const ms = (x: number) => `${(x / 1000).toFixed(0).padStart(7)} ms`;

  console.log(`${file}: ${ms(total)} sampled, ${ms(busy)} busy (percentages are of busy time)\n`);
  const perPackage = new Map<string, number>();
  const perFunction = new Map<string, number>();
  for (const [id, t] of self) {
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)') continue;
    perPackage.set(packageOf(frame), (perPackage.get(packageOf(frame)) ?? 0) + t);
    perFunction.set(label(frame), (perFunction.get(label(frame)) ?? 0) + t);
  }
  console.log('self time per package');
  for (const [name, t] of [...perPackage].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${ms(t)} ${pct(t)}  ${name}`);
  }
  console.log('\nself time per function');
  for (const [name, t] of [...perFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${ms(t)} ${pct(t)}  ${name}`);
  }
  if (match) {
    // Inclusive time: a sample counts once for each distinct matching function on its stack.
    const inclusive = new Map<string, number>();
    for (const [id, t] of self) {
      const seen = new Set<string>();
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const frame = byId.get(cur)?.callFrame;
        if (!frame) break;
        const name = label(frame);
        if (!seen.has(name) && (frame.functionName.includes(match) || frame.url.includes(match))) {
          seen.add(name);
          inclusive.set(name, (inclusive.get(name) ?? 0) + t);
        }
      }
    }
    console.log(`\ntotal (inclusive) time of functions matching "${match}"`);
    for (const [name, t] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${ms(t)} ${pct(t)}  ${name}`);
    }
  }
}

main();
