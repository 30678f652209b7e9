/**
 * npx ts-node --transpile-only bench/round-solver-memory.ts FILE
 *
 * Solves a packed round written by `npm run bench:round -- ... --dump-round FILE` again, offline (no
 * database), through `RoundSolver` as the app does (its worker thread, the hand-over both ways, the
 * main thread's collection): where a national round's solving holds its memory, without seeding and
 * loading each time. Samples the process's RSS every 20 ms from a thread of its own and prints the
 * peak and when it came, the solver thread's steps (ms of wall clock) and V8 heap after each (MB),
 * the process's CPU time, and what must not change: the input's hash and a digest of the parts,
 * placements and statistics. Run it under /usr/bin/time -v for the kernel's maxRSS.
 */
import { ConfigService } from '@nestjs/config';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import { Env } from '../src/config/env.schema';
import { SolveRunRequest } from '../src/rounds/round-solver';
import { RoundSolver } from '../src/rounds/round-solver.service';

const SAMPLER = `
const { parentPort } = require('node:worker_threads');
const samples = [];
const timer = setInterval(() => samples.push([Date.now(), Math.round(process.memoryUsage.rss() / 1048576)]), 20);
parentPort.on('message', () => { clearInterval(timer); parentPort.postMessage(samples); });`;

const mb = (bytes: number): number => Math.round(bytes / 1048576);

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: round-solver-memory.ts FILE (from bench:round --dump-round FILE)');
  const solver = new RoundSolver({ get: () => 'on' } as unknown as ConfigService<Env, true>);
  await solver.warm();
  const request = v8.deserialize(readFileSync(file)) as SolveRunRequest;
  const sampler = new Worker(SAMPLER, { eval: true });
  const before = process.memoryUsage();
  console.log(
    `before: RSS ${mb(before.rss)} MB, heap ${mb(before.heapUsed)} MB, external ${mb(before.external)} MB`,
  );
  const startedAt = Date.now();
  const cpuBefore = process.cpuUsage();
  const solved = await solver.solveWhole(request);
  const cpu = process.cpuUsage(cpuBefore);
  const wall = Date.now() - startedAt;
  const samples = await new Promise<[number, number][]>((resolve) => {
    sampler.once('message', resolve);
    sampler.postMessage(null);
  });
  await sampler.terminate();
  let peak: [number, number] = [startedAt, mb(before.rss)];
  for (const sample of samples) if (sample[1] > peak[1]) peak = sample;
  const steps = Object.entries(solved.steps)
    .map(([step, ms]) => `${step} ${Math.round(ms)}/${solved.heap[step]}`)
    .join(', ');
  console.log(`steps (ms of wall clock / MB of the thread's heap after it): ${steps}`);
  console.log(
    `${wall} ms, ${Math.round((cpu.user + cpu.system) / 1000)} ms of process CPU; sampled RSS peak ` +
      `${peak[1]} MB at ${peak[0] - startedAt} ms; the thread's heap at most ${mb(solved.heapPeakBytes)} MB; ` +
      `maxRSS ${mb(process.resourceUsage().maxRSS * 1024)} MB`,
  );
  const digest = createHash('sha256');
  digest.update(Buffer.from(solved.placedAt.buffer, solved.placedAt.byteOffset, solved.placedAt.byteLength));
  digest.update(JSON.stringify(solved.stats));
  digest.update(JSON.stringify(solved.inputParts));
  console.log(
    `input hash ${solved.inputHash} (${solved.inputText.byteLength} bytes), stable ${solved.stable}, ` +
      `valid ${solved.valid}; digest of parts, placements and statistics ${digest.digest('hex')}`,
  );
  await solver.onModuleDestroy();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
