import { RoundRunEntity } from '../entities/round.entity';
import { canonicalJson } from '../round-allocation';
import { RoundRunModel } from './round.model';

export function toRunModel(run: RoundRunEntity): RoundRunModel {
  const preAssigned = run.input?.preAssigned ?? {};
  const assignment = run.assignment
    ? [
        ...Object.keys(run.assignment)
          .sort()
          .map((candidateId) => ({
            candidateId,
            opportunityId: run.assignment?.[candidateId] ?? null,
            preAssigned: false,
          })),
        ...Object.keys(preAssigned)
          .sort()
          .map((candidateId) => ({
            candidateId,
            opportunityId: preAssigned[candidateId],
            preAssigned: true,
          })),
      ]
    : null;
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
    inputJson: run.input ? canonicalJson(run.input) : null,
    assignment,
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
    error: run.error,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
  };
}
