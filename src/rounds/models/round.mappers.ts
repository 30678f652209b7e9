import { RoundRunEntity } from '../entities/round.entity';
import { RoundAssignmentModel, RoundRunModel } from './round.model';

/** Every candidate of the run with their placement: the solver's, then HR's pre-assignments. */
export function assignmentOf(
  run: Pick<RoundRunModel, 'input' | 'rawAssignment'>,
): RoundAssignmentModel[] | null {
  if (!run.rawAssignment) return null;
  const assignment = run.rawAssignment;
  const preAssigned = run.input?.preAssigned ?? {};
  return [
    ...Object.keys(assignment)
      .filter((candidateId) => !Object.hasOwn(preAssigned, candidateId)) // version 2 lists them too
      .sort()
      .map((candidateId) => ({
        candidateId,
        opportunityId: assignment[candidateId] ?? null,
        preAssigned: false,
      })),
    ...Object.keys(preAssigned)
      .sort()
      .map((candidateId) => ({ candidateId, opportunityId: preAssigned[candidateId], preAssigned: true })),
  ];
}

export function toRunModel(run: RoundRunEntity): RoundRunModel {
  return {
    id: run.id,
    roundId: run.roundId,
    kind: run.kind,
    scope: run.scope,
    status: run.status,
    algorithm: run.algorithm,
    algorithmVersion: run.algorithmVersion,
    seed: run.seed,
    inputHash: run.inputHash,
    input: run.input,
    rawAssignment: run.assignment,
    stats: run.stats
      ? {
          candidates: run.stats.candidates,
          candidatesMatched: run.stats.candidatesMatched,
          preAssigned: run.stats.preAssigned,
          seatsOffered: run.stats.seatsOffered,
          seatsFilled: run.stats.seatsFilled,
          choiceRanks: run.stats.choiceRankCounts.map((count, i) => ({ rank: i + 1, count })),
          unmatchedCandidateIds: run.stats.unmatched,
          flows: run.stats.flows,
        }
      : null,
    stable: run.stable,
    violations: run.violations,
    overriddenPairs: (run.overriddenPairs ?? []).map((p) => ({
      ...p,
      overriddenAt: new Date(p.overriddenAt),
    })),
    error: run.error,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
  };
}
