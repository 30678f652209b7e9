import { ChildProcess, execFile, spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '../..');

/** A build of src/ as `npm run build` makes it (without its type check: `npm run typecheck` does that). */
export interface Build {
  dir: string;
  remove(): Promise<void>;
}

/**
 * Compiles src/ with tsconfig.build.json into a folder of its own for this test run (under
 * node_modules/.cache, so the build finds the project's packages as dist/ does).
 */
export async function buildApp(): Promise<Build> {
  const dir = path.join(ROOT, 'node_modules', '.cache', `te-e2e-build-${process.pid}`);
  await promisify(execFile)(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--noCheck', '--outDir', dir],
    { cwd: ROOT },
  );
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** One JSON log line of a process (pino's shape). */
export interface LogLine {
  level: number;
  msg?: string;
  name?: string;
  [key: string]: unknown;
}

export interface ServerProcess {
  /** The port the API listens on, from its start-up log line; rejects when the process exits first. */
  port: Promise<number>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** stdout lines parsed as JSON; throws on a line that is not JSON. */
  logLines(): LogLine[];
  /** Waits until a log line satisfies `match` (or the process exits: rejects). */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

/**
 * Runs an entry point of a build (main.js by default) as its own Node process, as `npm start` runs
 * dist/main.js, with exactly `env` (plus PATH and HOME: nothing leaks in from the test run).
 * `args` follow the entry point, `preload` adds `node -r` modules; `input` is written to its standard input.
 */
export function startProcess(
  build: Build,
  env: Record<string, string>,
  opts: { entry?: string; args?: string[]; preload?: string[]; input?: string } = {},
): ServerProcess {
  const args = [
    ...(opts.preload ?? []).flatMap((p) => ['-r', p]),
    path.join(build.dir, opts.entry ?? 'main.js'),
    ...(opts.args ?? []),
  ];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? ROOT, ...env },
    stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  child.stdin?.end(opts.input);
  let stdout = '';
  let all = '';
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((l) => l());
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    all += chunk.toString();
    changed();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    all += chunk.toString();
    changed();
  });
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      exitCode = code;
      changed();
      resolve(code);
    }),
  );

  const logLines = (): LogLine[] =>
    stdout
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => {
        try {
          return JSON.parse(l) as LogLine;
        } catch {
          throw new Error(`not a JSON log line: ${l}`);
        }
      });

  const waitForLog = (match: (line: LogLine) => boolean, timeoutMs = 90_000): Promise<LogLine> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`no such log line within ${timeoutMs} ms; output:\n${all}`));
      }, timeoutMs);
      function check(): void {
        const found = stdout
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as LogLine)
          .find(match);
        if (found || exitCode !== undefined) {
          clearTimeout(timer);
          listeners.delete(check);
          if (found) resolve(found);
          else reject(new Error(`the process exited (${exitCode}) first; output:\n${all}`));
        }
      }
      listeners.add(check);
      check();
    });

  const port = waitForLog((l) => l.name === 'startup' && typeof l.port === 'number').then(
    (l) => l.port as number,
  );
  port.catch(() => undefined); // callers that expect a failed start never await it

  return {
    port,
    exited,
    output: () => all,
    logLines,
    waitForLog,
    async stop() {
      if (exitCode === undefined) child.kill('SIGTERM');
      await exited;
    },
  };
}
