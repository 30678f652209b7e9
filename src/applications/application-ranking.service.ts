import { Injectable } from '@nestjs/common';
import { AuthUser } from '../common/auth/auth-user';
import { TransactionRunner } from '../common/database/transaction';
import { AppError } from '../common/errors/app-error';
import { ApplicationHosts } from './application-hosts';
import { ApplicationReason } from './applications.errors';
import { ApplicationsRepository } from './applications.repository';
import { ApplicationRead } from './entities/application-state.entity';
import { ApplicantRankingEntity } from './entities/application.entity';
import { FieldCode } from '../common/errors/field-codes';

export interface RankedApplication {
  rank: number;
  application: ApplicationRead;
}

/** The host's ranking of an opportunity's live applicants (a round's preference list). */
@Injectable()
export class ApplicationRankingService {
  constructor(
    private readonly repo: ApplicationsRepository,
    private readonly hosts: ApplicationHosts,
    private readonly tx: TransactionRunner,
  ) {}

  /** Replaces the host's ranking of the opportunity's applicants (live applications, best first). */
  async rankApplicants(
    viewer: AuthUser,
    opportunityId: string,
    applicationIds: string[],
  ): Promise<RankedApplication[]> {
    await this.tx.run(async (em) => {
      await this.hosts.managedOpportunity(viewer, opportunityId, em);
      await this.repo.lockRanking(opportunityId, em);
      if (new Set(applicationIds).size !== applicationIds.length) {
        throw AppError.badInput('An application appears twice in the ranking', [
          {
            field: 'applicationIds',
            message: 'applicationIds must not repeat an application',
            code: FieldCode.DUPLICATE,
          },
        ]);
      }
      const live = await this.repo.liveIdsOfOpportunity(opportunityId, applicationIds, em);
      const foreign = applicationIds.filter((a) => !live.has(a));
      if (foreign.length > 0) {
        throw AppError.badInput(
          `Not live applications of this opportunity: ${foreign.join(', ')}`,
          [
            {
              field: 'applicationIds',
              message: `not live applications of this opportunity: ${foreign.join(', ')}`,
              code: FieldCode.UNKNOWN_REFERENCE,
              params: { ids: foreign.join(', ') },
            },
          ],
          ApplicationReason.NOT_LIVE_APPLICATIONS,
        );
      }
      await this.repo.replaceRanking(opportunityId, applicationIds, em);
    });
    return this.rankingOf(opportunityId);
  }

  async applicantRanking(viewer: AuthUser, opportunityId: string): Promise<RankedApplication[]> {
    await this.hosts.managedOpportunity(viewer, opportunityId);
    return this.rankingOf(opportunityId);
  }

  private async rankingOf(opportunityId: string): Promise<RankedApplication[]> {
    const ranking: ApplicantRankingEntity[] = await this.repo.rankingOf(opportunityId);
    const applications = new Map(
      (await this.repo.findByIds(ranking.map((r) => r.applicationId))).map((a) => [a.id, a]),
    );
    return ranking.flatMap((r) => {
      const application = applications.get(r.applicationId);
      return application ? [{ rank: r.rank, application }] : [];
    });
  }
}
