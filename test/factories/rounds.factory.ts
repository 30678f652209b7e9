/**
 * Setup for the allocation round tests. Rounds are created through the API (the feature under test);
 * opportunities and candidates come from the applications factory (inserted directly, as setup).
 */
import { OpportunityKind } from '../../src/core/domain/enums';
import { OpportunityEntity } from '../../src/opportunities/entities/opportunity.entity';
import { TestApp } from '../utils/test-app';

const HOUR = 3600_000;

export const ROUND_FIELDS = `id name status organisationId rankingDeadline maxChoices responseWindowHours algorithm optimal
  publishedAt opportunities { id title }`;

export const RUN_FIELDS = `id roundId kind scope status algorithm algorithmVersion seed inputHash stable error
  assignment { candidateId opportunityId preAssigned }
  violations { kind ids message }
  stats { candidates candidatesMatched preAssigned seatsOffered seatsFilled unmatchedCandidateIds
          choiceRanks { rank count } flows { fromOrganisationId toOrganisationId count } }`;

export const CREATE_ROUND = `mutation($input: CreateRoundInput!) { createRound(input: $input) { ${ROUND_FIELDS} } }`;

export interface RoundSpec {
  name?: string;
  opportunityIds: string[];
  rankingDeadline?: Date;
  maxChoices?: number;
  responseWindowHours?: number;
  algorithm?: 'SEATS_DA' | 'SPA';
  optimal?: 'CANDIDATE' | 'HOST';
}

export interface CreatedRound {
  id: string;
  name: string;
  status: string;
}

/** A round created through the API by `hrToken`; the ranking deadline defaults to an hour ahead. */
export async function aRound(t: TestApp, hrToken: string, spec: RoundSpec): Promise<CreatedRound> {
  const res = await t.gql<{ createRound: CreatedRound }>(
    CREATE_ROUND,
    {
      input: {
        name: spec.name ?? `Round ${Math.random().toString(36).slice(2, 8)}`,
        opportunityIds: spec.opportunityIds,
        rankingDeadline: (spec.rankingDeadline ?? new Date(Date.now() + HOUR)).toISOString(),
        maxChoices: spec.maxChoices ?? 3,
        responseWindowHours: spec.responseWindowHours ?? 48,
        algorithm: spec.algorithm ?? 'SEATS_DA',
        optimal: spec.optimal ?? 'CANDIDATE',
      },
    },
    hrToken,
  );
  if (!res.data?.createRound) throw new Error(`createRound failed: ${JSON.stringify(res.errors)}`);
  return res.data.createRound;
}

/** Moves the round's ranking deadline into the past (the call closed), as setup. */
export async function closeRankingOf(t: TestApp, roundId: string): Promise<void> {
  await t.dataSource.query(
    `UPDATE allocation_rounds SET ranking_deadline = now() - interval '1 minute' WHERE id = $1`,
    [roundId],
  );
}

/** Turns an opportunity into a co-supervised project (as setup; the opportunities feature owns kinds). */
export async function makeProject(t: TestApp, opportunityId: string): Promise<void> {
  await t.dataSource
    .getRepository(OpportunityEntity)
    .update(
      { id: opportunityId },
      { kind: OpportunityKind.CO_SUPERVISED_PROJECT, details: { projectLevel: 'MASTER', load: 4 } },
    );
}
