/**
 * The single entry point: solve a parsed instance for one side, and report which algorithm (and
 * version) produced the assignment so that a stored result can be reproduced.
 */
import { CompiledInstance, compileHr, compileSpa } from './compile';
import { placedByHr, residualInstance } from './decisions';
import { solveHrHospitalOptimal, solveHrResidentOptimal } from './hr-solvers';
import { MatchingInstance, Optimal, Problem, hasDecisions } from './instance';
import { solveSpaLecturerOptimal, solveSpaStudentOptimal } from './spa-solvers';

export type AlgorithmName =
  'hr-resident-proposing' | 'hr-hospital-proposing' | 'spa-student' | 'spa-lecturer';

/**
 * Version of each algorithm's implementation. Bump it when a change could alter an assignment
 * (it should not: the candidate- and host-optimal stable matchings are unique).
 */
export const ALGORITHM_VERSIONS: Readonly<Record<AlgorithmName, string>> = {
  'hr-resident-proposing': 'hr-resident-proposing@1',
  'hr-hospital-proposing': 'hr-hospital-proposing@1',
  'spa-student': 'spa-student@1',
  'spa-lecturer': 'spa-lecturer@1',
};

/** Candidate id (resident or student) to host id (hospital or project), or null when unassigned. */
export type Assignment = Readonly<Record<string, string | null>>;

export interface SolveOptions {
  /** 'candidate' (default): resident-/student-optimal; 'host': hospital-/supervisor-optimal. */
  readonly optimal?: Optimal;
}

export interface SolveResult {
  readonly problem: Problem;
  readonly optimal: Optimal;
  readonly algorithm: AlgorithmName;
  readonly version: string;
  /** Every candidate, inserted in sorted id order (JavaScript lists integer-like keys first). */
  readonly assignment: Assignment;
}

export function algorithmFor(problem: Problem, optimal: Optimal): AlgorithmName {
  if (problem === 'HR') return optimal === 'candidate' ? 'hr-resident-proposing' : 'hr-hospital-proposing';
  return optimal === 'candidate' ? 'spa-student' : 'spa-lecturer';
}

/**
 * The dense form of an instance without HR's decisions. An instance with pre-assignments or
 * overrides is solved by `solve`, which compiles what is left once they are applied.
 */
export function compileInstance(instance: MatchingInstance): CompiledInstance {
  if (hasDecisions(instance)) {
    throw new Error('compileInstance: an instance with pre-assignments or overrides is solved by solve()');
  }
  return instance.problem === 'HR' ? compileHr(instance) : compileSpa(instance);
}

function toAssignment(
  candidateIds: readonly string[],
  hostIds: readonly string[],
  hostOf: Int32Array,
): Assignment {
  const assignment: Record<string, string | null> = {};
  for (let i = 0; i < candidateIds.length; i++) {
    setEntry(assignment, candidateIds[i], hostOf[i] >= 0 ? hostIds[hostOf[i]] : null);
  }
  return assignment;
}

function setEntry(assignment: Record<string, string | null>, id: string, host: string | null): void {
  if (id === '__proto__') {
    // Plain assignment would set the prototype; define the id as an ordinary own property.
    Object.defineProperty(assignment, id, {
      value: host,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    assignment[id] = host;
  }
}

/** Solves an already compiled instance (lets a caller compile once and solve for both sides). */
export function solveCompiled(compiled: CompiledInstance, options: SolveOptions = {}): SolveResult {
  const optimal = options.optimal ?? 'candidate';
  const algorithm = algorithmFor(compiled.problem, optimal);
  let assignment: Assignment;
  if (compiled.problem === 'HR') {
    const hostOf =
      optimal === 'candidate' ? solveHrResidentOptimal(compiled) : solveHrHospitalOptimal(compiled);
    assignment = toAssignment(compiled.residentIds, compiled.hospitalIds, hostOf);
  } else {
    const hostOf =
      optimal === 'candidate' ? solveSpaStudentOptimal(compiled) : solveSpaLecturerOptimal(compiled);
    assignment = toAssignment(compiled.studentIds, compiled.projectIds, hostOf);
  }
  return {
    problem: compiled.problem,
    optimal,
    algorithm,
    version: ALGORITHM_VERSIONS[algorithm],
    assignment,
  };
}

/** Solves a parsed instance: the stable matching that is optimal for `options.optimal`. */
export function solve(instance: MatchingInstance, options: SolveOptions = {}): SolveResult {
  if (!hasDecisions(instance)) return solveCompiled(compileInstance(instance), options);
  // HR's decisions: the placed candidates first, the solver on what is left.
  const solved = solveCompiled(compileInstance(residualInstance(instance)), options);
  const placed = placedByHr(instance);
  const candidates = instance.problem === 'HR' ? instance.residents : instance.students;
  const assignment: Record<string, string | null> = {};
  for (const id of [...candidates.keys()].sort()) {
    setEntry(
      assignment,
      id,
      placed.get(id) ?? (Object.hasOwn(solved.assignment, id) ? solved.assignment[id] : null),
    );
  }
  return { ...solved, assignment };
}
