import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { AccessService } from '../access/access.service';
import { AuthUser } from '../common/auth/auth-user';
import { GqlContext } from '../common/auth/request-of';
import { groupByKeys, loaderFor, orderByKeys } from '../common/graphql/loaders';
import { UserEntity } from '../users/entities/user.entity';
import { UsersCache } from '../users/users.cache';
import {
  CoSupervisionEntity,
  OpportunityDevelopedCompetenceEntity,
  OpportunityEntity,
  OpportunityRequirementEntity,
} from './entities/opportunity.entity';
import { OpportunitiesRepository } from './opportunities.repository';

/** Per-request loaders of the opportunity relation fields: one query per field and page, not per row. */
@Injectable()
export class OpportunitiesLoaders {
  constructor(
    private readonly repo: OpportunitiesRepository,
    private readonly users: UsersCache,
    private readonly access: AccessService,
  ) {}

  /** No access check: only for opportunities the viewer was shown through the service. */
  opportunity(ctx: GqlContext): DataLoader<string, OpportunityEntity | null> {
    return loaderFor(ctx, 'opportunities.byId', async (ids: readonly string[]) =>
      orderByKeys(ids, await this.repo.findByIds(ids), (o) => o.id),
    );
  }

  requirements(ctx: GqlContext): DataLoader<string, OpportunityRequirementEntity[]> {
    return loaderFor(ctx, 'opportunities.requirements', async (ids: readonly string[]) =>
      groupByKeys(ids, await this.repo.findRequirementsOfMany(ids), (r) => r.opportunityId),
    );
  }

  developedCompetences(ctx: GqlContext): DataLoader<string, OpportunityDevelopedCompetenceEntity[]> {
    return loaderFor(ctx, 'opportunities.developed', async (ids: readonly string[]) =>
      groupByKeys(ids, await this.repo.findDevelopedCompetencesOfMany(ids), (d) => d.opportunityId),
    );
  }

  coSupervision(ctx: GqlContext): DataLoader<string, CoSupervisionEntity | null> {
    return loaderFor(ctx, 'opportunities.coSupervision', async (ids: readonly string[]) =>
      orderByKeys(ids, await this.repo.findCoSupervisionsOfMany(ids), (c) => c.opportunityId),
    );
  }

  /** A supervisor's account when the instance's account cache holds it: answered without a promise. */
  cachedUser(id: string): UserEntity | undefined {
    return this.users.peek(id);
  }

  /** Through the instance's account cache: a page's supervisors are mostly read already. */
  user(ctx: GqlContext): DataLoader<string, UserEntity | null> {
    return loaderFor(ctx, 'opportunities.user', async (ids: readonly string[]) =>
      orderByKeys(ids, await this.users.findByIds(ids), (u) => u.id),
    );
  }

  /**
   * Whether the viewer reads an opportunity's confidential details through a co-supervision or an
   * application shortlisted or further; one query per page. (Lead supervisor, HR of the host and
   * admins are decided without it.) The context belongs to one request, so to one viewer.
   */
  confidentialAccess(ctx: GqlContext, viewer: AuthUser): DataLoader<string, boolean> {
    return loaderFor(ctx, 'opportunities.confidentialAccess', async (ids: readonly string[]) => {
      const readable = await this.access.confidentialReadableBy(viewer, ids);
      return ids.map((id) => readable.has(id));
    });
  }
}
