/**
 * Where a run's time goes: `mark(step)` records the time since the previous mark under `step`
 * (`phase.step`: `load.choices`, `solve.verify`, ...); `sum(phase)` adds up a phase's steps.
 */
export class PhaseClock {
  readonly steps: Record<string, number> = {};
  private last = performance.now();

  mark(step: string): void {
    const now = performance.now();
    this.steps[step] = (this.steps[step] ?? 0) + (now - this.last);
    this.last = now;
  }

  sum(phase: string): number {
    let total = 0;
    for (const [step, ms] of Object.entries(this.steps)) if (step.startsWith(`${phase}.`)) total += ms;
    return total;
  }
}
