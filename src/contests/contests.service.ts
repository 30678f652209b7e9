import { Injectable } from '@nestjs/common';
import { answersContest, contestListOrganisation, maySeeContest } from '../access/access.policy';
import { PersonalDataAudit } from '../audit/audit.service';
import { PersonalDataReadKind } from '../audit/models/personal-data-read.model';
import { PrivacyActionKind } from '../audit/models/privacy-action.model';
import { AuthUser } from '../common/auth/auth-user';
import { TransactionRunner } from '../common/database/transaction';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-codes';
import { ApplicationStatus } from '../core/domain/enums';
import { NotificationsService } from '../notifications/notifications.service';
import { OpportunityReadsService } from '../opportunities/opportunity-reads.service';
import { UsersDirectory } from '../users/users.directory';
import { RecommendationsService } from '../recommendations/recommendations.service';
import {
  blankReason,
  contestAlreadyAnswered,
  contestAlreadyOpen,
  contestNotFound,
  nothingToContest,
} from './contests.errors';
import { ContestsRepository } from './contests.repository';
import { AnswerContestArgs, ContestArgs, ContestsToAnswerArgs, FileContestArgs } from './dto/contest.inputs';
import {
  ContestComputed,
  ContestDecided,
  ContestEntity,
  ContestKind,
  ContestStatus,
} from './entities/contest.entity';
import { ContestModel, ContestOutcome, ContestPersonModel } from './models/contest.model';

/** What a contest is about, as found when it is filed. */
interface ContestSubject {
  organisationId: string;
  computed: ContestComputed;
  decided: ContestDecided | null;
  /** For the notification: the opportunity's title or the round's name. */
  title: string | null;
  round: string | null;
}

const NO_FIGURES: ContestComputed = {
  opportunityId: null,
  fitScore: null,
  eligible: null,
  roundRunId: null,
  roundResultOpportunityId: null,
  choiceRank: null,
};

/**
 * Contesting decisions (issue 12). A candidate contests a recommendation (an opportunity's fit with
 * them), the rejection of their application or a round's outcome for them, with a reason; HR of the
 * organisation concerned (the opportunity's host, the round's organisation) or an admin answers
 * UPHELD or DISMISSED with a reason. The contest keeps what the matching computed next to what a
 * person decided, as they stood when it was filed. Both steps are audited and notified in their
 * transaction. An answer changes no decision by itself: decisions stay with people, who act through
 * the usual operations.
 */
@Injectable()
export class ContestsService {
  constructor(
    private readonly repo: ContestsRepository,
    private readonly opportunities: OpportunityReadsService,
    private readonly recommendations: RecommendationsService,
    private readonly users: UsersDirectory,
    private readonly audit: PersonalDataAudit,
    private readonly notifications: NotificationsService,
    private readonly tx: TransactionRunner,
  ) {}

  async file(viewer: AuthUser, args: FileContestArgs): Promise<ContestModel> {
    const reason = args.reason.trim();
    if (!reason) throw blankReason();
    const subject = await this.subjectOf(viewer, args.kind, args.subjectId);
    const contest = await this.tx.run(async (em) => {
      const row = await this.repo.insertOpen(
        {
          personId: viewer.id,
          kind: args.kind,
          subjectId: args.subjectId,
          organisationId: subject.organisationId,
          reason,
          computed: subject.computed,
          decided: subject.decided,
          filedAt: new Date(),
        },
        em,
      );
      if (!row) throw contestAlreadyOpen();
      await this.audit.recordAction(em, viewer, PrivacyActionKind.CONTEST_FILED, viewer.id, {
        contestId: row.id,
        kind: row.kind,
        subjectId: row.subjectId,
      });
      const hr = await this.users.hrOf(subject.organisationId, em);
      await this.notifications.record(
        em,
        hr.map((userId) => ({
          userId,
          type: 'CONTEST_FILED',
          message: 'A candidate contested a decision of your organisation. See the contests to answer.',
          params: { title: subject.title, round: subject.round },
          ...(subject.computed.opportunityId ? { opportunityId: subject.computed.opportunityId } : {}),
        })),
      );
      return row;
    });
    return (await this.toModels([contest]))[0];
  }

  async answer(viewer: AuthUser, args: AnswerContestArgs): Promise<ContestModel> {
    const reason = args.reason.trim();
    if (!reason) throw blankReason();
    const contest = await this.tx.run(async (em) => {
      const row = await this.repo.lock(args.contestId, em);
      if (!row || !answersContest(viewer, row)) throw contestNotFound();
      if (row.status !== ContestStatus.OPEN) throw contestAlreadyAnswered();
      const answered = await this.repo.answer(
        row,
        {
          status: args.outcome === ContestOutcome.UPHELD ? ContestStatus.UPHELD : ContestStatus.DISMISSED,
          answeredBy: viewer.id,
          answerReason: reason,
          answeredAt: new Date(),
        },
        em,
      );
      await this.audit.recordAction(em, viewer, PrivacyActionKind.CONTEST_ANSWERED, row.personId, {
        contestId: row.id,
        outcome: args.outcome,
      });
      await this.notifications.record(em, [
        {
          userId: row.personId,
          type: args.outcome === ContestOutcome.UPHELD ? 'CONTEST_UPHELD' : 'CONTEST_DISMISSED',
          message:
            args.outcome === ContestOutcome.UPHELD
              ? 'Your contest was upheld. See Privacy for the answer.'
              : 'Your contest was dismissed. See Privacy for the answer.',
          params: { reason },
        },
      ]);
      return answered;
    });
    return (await this.toModels([contest]))[0];
  }

  async mine(viewer: AuthUser): Promise<ContestModel[]> {
    return this.toModels(await this.repo.contestsOf(viewer.id));
  }

  /** The person, HR of the organisation concerned and admins; reads by HR and admins are audited. */
  async one(viewer: AuthUser, args: ContestArgs): Promise<ContestModel> {
    const row = await this.repo.findById(args.id);
    if (!row || !maySeeContest(viewer, row)) throw contestNotFound();
    await this.audit.recordReads(viewer, PersonalDataReadKind.CONTESTS, [row.personId]);
    return (await this.toModels([row]))[0];
  }

  /** HR (of the organisation concerned) and admins (the resolver's @Roles); the reads are audited. */
  async toAnswer(viewer: AuthUser, args: ContestsToAnswerArgs): Promise<ContestModel[]> {
    const rows = await this.repo.toAnswer(contestListOrganisation(viewer), args.status ?? null, args.first);
    await this.audit.recordReads(
      viewer,
      PersonalDataReadKind.CONTESTS,
      rows.map((r) => r.personId),
    );
    return this.toModels(rows);
  }

  // ---- what is contested -----------------------------------------------------------------------------

  private async subjectOf(viewer: AuthUser, kind: ContestKind, subjectId: string): Promise<ContestSubject> {
    switch (kind) {
      case ContestKind.RECOMMENDATION:
        return this.recommendationOf(viewer, subjectId);
      case ContestKind.APPLICATION_REJECTION:
        return this.rejectionOf(viewer, subjectId);
      case ContestKind.ROUND_OUTCOME:
        return this.roundOutcomeOf(viewer, subjectId);
    }
  }

  /** An opportunity you may see; its fit with you now, as recommendations compute it. */
  private async recommendationOf(viewer: AuthUser, opportunityId: string): Promise<ContestSubject> {
    const opportunity = await this.opportunities.get(viewer, opportunityId);
    const fit = await this.recommendations.myFit(viewer, opportunity.id);
    return {
      organisationId: opportunity.hostOrganisationId,
      computed: { ...NO_FIGURES, opportunityId: opportunity.id, fitScore: fit.score, eligible: fit.eligible },
      decided: null,
      title: opportunity.title,
      round: null,
    };
  }

  private async rejectionOf(viewer: AuthUser, applicationId: string): Promise<ContestSubject> {
    const application = await this.repo.applicationOf(viewer.id, applicationId);
    if (!application) throw AppError.notFound('Application');
    if (application.status !== ApplicationStatus.REJECTED) throw nothingToContest('rejection');
    const fit = await this.fitOrNull(viewer, application.opportunityId);
    return {
      organisationId: application.hostOrganisationId,
      computed: {
        ...NO_FIGURES,
        opportunityId: application.opportunityId,
        fitScore: fit?.score ?? null,
        eligible: fit?.eligible ?? null,
      },
      decided: {
        status: application.status,
        byId: application.lastActorId,
        reason: application.lastReason,
        at: application.lastAt.toISOString(),
      },
      title: application.opportunityTitle,
      round: null,
    };
  }

  /** A round you made choices in, whose published (or follow-up) run included you. */
  private async roundOutcomeOf(viewer: AuthUser, roundId: string): Promise<ContestSubject> {
    const facts = await this.repo.roundOutcomeOf(viewer.id, roundId);
    if (!facts || !facts.hasChoices) throw AppError.notFound('Round');
    if (!facts.run) throw nothingToContest('published round outcome for you');
    const resultId = facts.run.opportunityId;
    const fit = resultId ? await this.fitOrNull(viewer, resultId) : null;
    return {
      organisationId: facts.organisationId,
      computed: {
        opportunityId: resultId,
        fitScore: fit?.score ?? null,
        eligible: fit?.eligible ?? null,
        roundRunId: facts.run.id,
        roundResultOpportunityId: resultId,
        choiceRank: facts.choiceRank,
      },
      decided: facts.override
        ? {
            status: facts.override.kind,
            byId: facts.override.createdBy,
            reason: facts.override.reason,
            at: facts.override.createdAt.toISOString(),
          }
        : {
            status: 'PUBLISHED',
            byId: facts.run.createdBy,
            reason: null,
            at: facts.run.finishedAt.toISOString(),
          },
      title: null,
      round: facts.name,
    };
  }

  /** Your fit with an opportunity, or null when you may no longer see it. */
  private async fitOrNull(
    viewer: AuthUser,
    opportunityId: string,
  ): Promise<{ score: number; eligible: boolean } | null> {
    try {
      return await this.recommendations.myFit(viewer, opportunityId);
    } catch (e) {
      if (e instanceof AppError && e.code === ErrorCode.NOT_FOUND) return null;
      throw e;
    }
  }

  // ---- models ----------------------------------------------------------------------------------------

  private async toModels(rows: readonly ContestEntity[]): Promise<ContestModel[]> {
    const ids = rows.flatMap((r) =>
      [r.personId, r.answeredBy, r.decided?.byId].filter((id): id is string => !!id),
    );
    const names = await this.users.displayNamesOf(ids);
    const person = (id: string | null | undefined): ContestPersonModel | null =>
      id ? { id, displayName: names.get(id) ?? 'Unknown' } : null;
    return rows.map((r) => ({
      id: r.id,
      person: person(r.personId) as ContestPersonModel,
      kind: r.kind,
      subjectId: r.subjectId,
      organisationId: r.organisationId,
      reason: r.reason,
      status: r.status,
      filedAt: r.filedAt,
      computed: r.computed,
      decided: r.decided
        ? {
            status: r.decided.status,
            by: person(r.decided.byId),
            reason: r.decided.reason,
            at: r.decided.at ? new Date(r.decided.at) : null,
          }
        : null,
      answer:
        r.status === ContestStatus.OPEN || !r.answeredAt
          ? null
          : {
              outcome: r.status === ContestStatus.UPHELD ? ContestOutcome.UPHELD : ContestOutcome.DISMISSED,
              reason: r.answerReason ?? '',
              answeredAt: r.answeredAt,
              by: person(r.answeredBy),
            },
    }));
  }
}
