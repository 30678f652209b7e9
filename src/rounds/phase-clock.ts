/**
 * Where a run's time goes: `mark(step)` records the time since the previous mark under `step`
 * (`phase.step`: `load.choices`, `solve.verify`, ...); `sum(phase)` adds up a phase's steps.
 * `cpu` holds the same for this process's CPU time (user + system, all threads): on a busy machine
 * the wall clock of a step also counts waiting for a core and for PostgreSQL, its CPU time does not.
 * `rss` holds the process's resident memory (MB) at the end of each step, `heap` the main thread's V8
 * heap in use and `external` the memory outside it held by its objects (Buffers, ArrayBuffers), both
 * MB: what RSS holds beyond them is the solver thread's heap, freed memory not yet given back, code.
 */
export class PhaseClock {
  readonly steps: Record<string, number> = {};
  readonly cpu: Record<string, number> = {};
  readonly rss: Record<string, number> = {};
  readonly heap: Record<string, number> = {};
  readonly external: Record<string, number> = {};
  /** Work done beside the steps (on another connection, overlapping them): ms of wall clock each. */
  readonly beside: Record<string, number> = {};
  private last = performance.now();
  private lastCpu = process.cpuUsage();

  mark(step: string): void {
    const now = performance.now();
    const cpu = process.cpuUsage();
    this.steps[step] = (this.steps[step] ?? 0) + (now - this.last);
    this.cpu[step] =
      (this.cpu[step] ?? 0) + (cpu.user - this.lastCpu.user + cpu.system - this.lastCpu.system) / 1000;
    const memory = process.memoryUsage();
    this.rss[step] = Math.round(memory.rss / 1048576);
    this.heap[step] = Math.round(memory.heapUsed / 1048576);
    this.external[step] = Math.round(memory.external / 1048576);
    this.last = now;
    this.lastCpu = cpu;
  }

  sum(phase: string): number {
    let total = 0;
    for (const [step, ms] of Object.entries(this.steps)) if (step.startsWith(`${phase}.`)) total += ms;
    return total;
  }
}
