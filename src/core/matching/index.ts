/**
 * The matching core: pure TypeScript, plain data in and out. Parse an instance, solve it for one side,
 * verify the result independently; break ties with a recorded seed.
 */
export {
  InstanceError,
  documentToJson,
  effectiveInstance,
  hasDecisions,
  instanceToJson,
  parseInstance,
} from './instance';
export { parseInstanceBytes, parseInstanceBytesFast, parseInstanceJson } from './instance-text';
export type {
  HrInstance,
  InstanceErrorCode,
  MatchingInstance,
  Optimal,
  Override,
  OverrideKind,
  PreAssignment,
  Problem,
  SpaInstance,
} from './instance';
export { placedByHr, residualInstance } from './decisions';
export { compileHr, compileSpa } from './compile';
export type { CompiledHr, CompiledInstance, CompiledSpa } from './compile';
export { solveHrHospitalOptimal, solveHrResidentOptimal } from './hr-solvers';
export { solveSpaLecturerOptimal, solveSpaStudentOptimal } from './spa-solvers';
export { ALGORITHM_VERSIONS, algorithmFor, compileInstance, solve, solveCompiled } from './solve';
export type { AlgorithmName, Assignment, SolveOptions, SolveResult } from './solve';
export { verify } from './verifier';
export type {
  AssignmentInput,
  ExemptKind,
  ExemptPair,
  Verification,
  Violation,
  ViolationKind,
} from './verifier';
export { breakTies, createSeededRandom } from './tie-break';
export type { RankingWithTies } from './tie-break';
