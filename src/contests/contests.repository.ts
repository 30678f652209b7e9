import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { ContestEntity, ContestStatus } from './entities/contest.entity';

/** A rejected (or any) application of the person, with the host and its latest status change. */
export interface ApplicationFacts {
  id: string;
  status: string;
  opportunityId: string;
  opportunityTitle: string;
  hostOrganisationId: string;
  lastActorId: string | null;
  lastReason: string | null;
  lastAt: Date;
}

/** What a round holds about a person: its organisation, their choices, the latest published outcome, HR's override. */
export interface RoundOutcomeFacts {
  organisationId: string;
  name: string;
  hasChoices: boolean;
  run: {
    id: string;
    opportunityId: string | null;
    finishedAt: Date;
    createdBy: string;
  } | null;
  choiceRank: number | null;
  override: { kind: string; reason: string; createdBy: string; createdAt: Date } | null;
}

/** The SQL of contests; the facts a contest snapshots are read here (the features that own them write them). */
@Injectable()
export class ContestsRepository {
  constructor(@InjectRepository(ContestEntity) private readonly contests: Repository<ContestEntity>) {}

  async applicationOf(candidateId: string, applicationId: string): Promise<ApplicationFacts | null> {
    const rows: {
      id: string;
      status: string;
      opportunity_id: string;
      title: string;
      host_organisation_id: string;
      actor_id: string | null;
      reason: string | null;
      at: Date;
    }[] = await this.contests.query(
      // The effective status (a round's closure reads REJECTED); the last history row is then the
      // closure itself (the system, the round's reason, its time).
      `SELECT a.id, a.status, a.opportunity_id, o.title, o.host_organisation_id, t.actor_id, t.reason, t.at
         FROM application_states a
         JOIN opportunities o ON o.id = a.opportunity_id
         LEFT JOIN LATERAL (SELECT actor_id, reason, at FROM application_history
                             WHERE application_id = a.id ORDER BY at DESC, id DESC LIMIT 1) t ON true
        WHERE a.id = $1 AND a.candidate_id = $2`,
      [applicationId, candidateId],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id,
      status: r.status,
      opportunityId: r.opportunity_id,
      opportunityTitle: r.title,
      hostOrganisationId: r.host_organisation_id,
      lastActorId: r.actor_id,
      lastReason: r.reason,
      lastAt: r.at,
    };
  }

  /** null when the round does not exist. */
  async roundOutcomeOf(candidateId: string, roundId: string): Promise<RoundOutcomeFacts | null> {
    const rounds: { organisation_id: string; name: string; has_choices: boolean }[] =
      await this.contests.query(
        `SELECT r.organisation_id, r.name,
              EXISTS (SELECT 1 FROM round_choices c WHERE c.round_id = r.id AND c.candidate_id = $2) AS has_choices
         FROM allocation_rounds r WHERE r.id = $1`,
        [roundId, candidateId],
      );
    const round = rounds[0];
    if (!round) return null;
    const runs: { id: string; opportunity_id: string | null; finished_at: Date; created_by: string }[] =
      await this.contests.query(
        `SELECT r.id, coalesce(c.placed_on, c.pre_assigned_to) AS opportunity_id, r.finished_at, r.created_by
           FROM round_run_candidates c
           JOIN round_runs r ON r.id = c.run_id
          WHERE c.candidate_id = $2::uuid AND r.round_id = $1 AND r.status = 'DONE' AND r.kind IN ('PUBLISH', 'FOLLOW_UP')
            AND (c.assigned OR c.pre_assigned_to IS NOT NULL)
          ORDER BY r.finished_at DESC, r.id LIMIT 1`,
        [roundId, candidateId],
      );
    const run = runs[0] ?? null;
    let choiceRank: number | null = null;
    if (run?.opportunity_id) {
      const ranks: { rank: number }[] = await this.contests.query(
        `SELECT rank FROM round_choices WHERE round_id = $1 AND candidate_id = $2 AND opportunity_id = $3`,
        [roundId, candidateId, run.opportunity_id],
      );
      choiceRank = ranks[0]?.rank ?? null;
    }
    const overrides: { kind: string; reason: string; created_by: string; created_at: Date }[] =
      await this.contests.query(
        `SELECT kind, reason, created_by, created_at FROM round_overrides
          WHERE round_id = $1 AND candidate_id = $2 ORDER BY created_at DESC LIMIT 1`,
        [roundId, candidateId],
      );
    const override = overrides[0];
    return {
      organisationId: round.organisation_id,
      name: round.name,
      hasChoices: round.has_choices,
      run: run
        ? {
            id: run.id,
            opportunityId: run.opportunity_id,
            finishedAt: run.finished_at,
            createdBy: run.created_by,
          }
        : null,
      choiceRank,
      override: override
        ? {
            kind: override.kind,
            reason: override.reason,
            createdBy: override.created_by,
            createdAt: override.created_at,
          }
        : null,
    };
  }

  /** null when the person has an open contest of the same thing already. */
  async insertOpen(
    contest: Pick<
      ContestEntity,
      'personId' | 'kind' | 'subjectId' | 'organisationId' | 'reason' | 'computed' | 'decided' | 'filedAt'
    >,
    em: EntityManager,
  ): Promise<ContestEntity | null> {
    const result = await em
      .createQueryBuilder()
      .insert()
      .into(ContestEntity)
      .values({ ...contest, status: ContestStatus.OPEN })
      .orIgnore()
      .returning('id')
      .execute();
    const id = (result.identifiers[0] as { id?: string } | undefined)?.id;
    if (!id) return null;
    return em.getRepository(ContestEntity).findOneByOrFail({ id });
  }

  findById(id: string): Promise<ContestEntity | null> {
    return this.contests.findOneBy({ id });
  }

  lock(id: string, em: EntityManager): Promise<ContestEntity | null> {
    return em.getRepository(ContestEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  answer(
    contest: ContestEntity,
    answer: Pick<ContestEntity, 'status' | 'answeredBy' | 'answerReason' | 'answeredAt'>,
    em: EntityManager,
  ): Promise<ContestEntity> {
    Object.assign(contest, answer);
    return em.getRepository(ContestEntity).save(contest);
  }

  /** The person's contests, newest first. */
  contestsOf(personId: string): Promise<ContestEntity[]> {
    return this.contests.find({ where: { personId }, order: { filedAt: 'DESC', id: 'ASC' } });
  }

  /** Contests to answer: of one organisation (null: all), newest first. */
  toAnswer(
    organisationId: string | null,
    status: ContestStatus | null,
    first: number,
  ): Promise<ContestEntity[]> {
    return this.contests.find({
      where: { ...(organisationId ? { organisationId } : {}), ...(status ? { status } : {}) },
      order: { filedAt: 'DESC', id: 'ASC' },
      take: first,
    });
  }
}
