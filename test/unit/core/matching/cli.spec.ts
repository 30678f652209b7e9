import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { VECTORS_DIR } from '../../../fixtures/matching/reference-vectors';

const REPO = path.resolve(__dirname, '../../../..');
const CLI = path.join(REPO, 'src/cli/match.ts');

interface Run {
  /** The exit code; when the process did not exit by itself, why not (a failed assertion shows it). */
  readonly code: number | string;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI the way `npm run match` does (ts-node, transpile only). */
function runCli(args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', CLI, ...args],
      { cwd: REPO, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code =
          error === null
            ? 0
            : typeof error.code === 'number'
              ? error.code
              : `no exit code: ${error.signal ? `killed by ${error.signal}` : error.code} (${error.message})`;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const hrBody = {
  residents: { r0: ['h0'], r1: ['h0'] },
  hospitals: { h0: ['r1', 'r0'] },
  capacities: { h0: 1 },
};

/** Without the pre-assignment r1 takes h0 (h0 ranks r1 first) and r0 gets nothing; with it, r0 gets h0. */
const version2 = {
  version: 2,
  problem: 'HR',
  instance: {
    residents: { r0: ['h0'], r1: ['h0', 'h1'] },
    hospitals: { h0: ['r1', 'r0'], h1: ['r1'] },
    capacities: { h0: 1, h1: 1 },
  },
  pre_assignments: [{ candidate: 'r1', opportunity: 'h1', reason: 'exchange agreement' }],
};

const badInputs: Record<string, string> = {
  'malformed JSON': '{"problem": "HR", "instance": {',
  'an unknown id': JSON.stringify({
    problem: 'HR',
    instance: { ...hrBody, residents: { r0: ['h0', 'h9'], r1: [] } },
  }),
  'a duplicate id in a list': JSON.stringify({
    problem: 'HR',
    instance: { ...hrBody, hospitals: { h0: ['r1', 'r0', 'r1'] } },
  }),
  'a capacity of 0': JSON.stringify({ problem: 'HR', instance: { ...hrBody, capacities: { h0: 0 } } }),
  'a project without a supervisor': JSON.stringify({
    problem: 'SPA-S',
    instance: {
      students: { s0: ['p0'] },
      supervisors: { l0: ['s0'] },
      project_supervisors: {},
      project_capacities: { p0: 1 },
      supervisor_capacities: { l0: 1 },
    },
  }),
};

const expectedMessages: Record<string, RegExp> = {
  'malformed JSON': /malformed JSON/,
  'an unknown id': /residents\.r0 lists unknown hospital "h9"/,
  'a duplicate id in a list': /hospitals\.h0 lists resident "r1" twice/,
  'a capacity of 0': /capacities\.h0 must be an integer of at least 1 \(got 0\)/,
  'a project without a supervisor': /project "p0" has no supervisor/,
};

describe('match CLI', () => {
  const hrVector = path.join(VECTORS_DIR, 'hr/hr-rand-03.json');
  const saVector = path.join(VECTORS_DIR, 'sa/sa-tiny-lecturer-full.json');
  let dir = '';
  const runs = new Map<string, Run>();

  // The processes are started together: each costs a second or two of ts-node start-up.
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'match-cli-'));
    const jobs: [string, string[]][] = [
      ['hr candidate', [hrVector]],
      ['sa host', [saVector, '--optimal', 'host']],
      ['bad flag', [hrVector, '--optimal', 'best']],
      ['missing file', [path.join(dir, 'absent.json')]],
    ];
    const withDecisions = path.join(dir, 'version-2.json');
    fs.writeFileSync(withDecisions, JSON.stringify(version2));
    jobs.push(['version 2', [withDecisions]]);
    for (const [name, content] of Object.entries(badInputs)) {
      const file = path.join(dir, `${name.replace(/\W+/g, '-')}.json`);
      fs.writeFileSync(file, content);
      jobs.push([name, [file]]);
    }
    const results = await Promise.all(jobs.map(([, args]) => runCli(args)));
    jobs.forEach(([name], i) => runs.set(name, results[i]));
  }, 240_000);

  afterAll(() => {
    if (dir !== '') fs.rmSync(dir, { recursive: true, force: true });
  });

  const run = (name: string): Run => {
    const result = runs.get(name);
    if (result === undefined) throw new Error(`no CLI run named ${name}`);
    return result;
  };

  it('prints the resident-optimal Result JSON of a vector file, verified stable', () => {
    const { code, stdout, stderr } = run('hr candidate');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const vector = JSON.parse(fs.readFileSync(hrVector, 'utf8'));
    expect(JSON.parse(stdout)).toEqual({
      problem: 'HR',
      optimal: 'candidate',
      assignment: vector.results.resident_optimal.assignment,
      stable: true,
      violations: [],
    });
  });

  it('honours the pre-assignments of a version 2 document and names the exempt pairs', () => {
    const { code, stdout, stderr } = run('version 2');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      problem: 'HR',
      optimal: 'candidate',
      assignment: { r0: 'h0', r1: 'h1' },
      stable: true,
      violations: [],
      exempt: [{ kind: 'PRE_ASSIGNED', ids: ['r1', 'h1'], reason: 'exchange agreement' }],
    });
  });

  it('prints the supervisor-optimal SPA-S result with --optimal host', () => {
    const { code, stdout } = run('sa host');
    expect(code).toBe(0);
    const vector = JSON.parse(fs.readFileSync(saVector, 'utf8'));
    const result = JSON.parse(stdout);
    expect(result.optimal).toBe('host');
    expect(result.assignment).toEqual(vector.results.supervisor_optimal.assignment);
    expect(result.stable).toBe(true);
  });

  it('rejects an unknown --optimal value with exit code 2', () => {
    const { code, stdout, stderr } = run('bad flag');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/--optimal must be "candidate" or "host" \(got "best"\)/);
  });

  it('rejects an unreadable file with exit code 2, naming it', () => {
    const { code, stderr } = run('missing file');
    expect(code).toBe(2);
    expect(stderr).toMatch(/cannot read ".*absent\.json"/);
  });

  it.each(Object.keys(badInputs))('rejects %s with exit code 2 and a message naming the problem', (name) => {
    const { code, stdout, stderr } = run(name);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(expectedMessages[name]);
  });
});
