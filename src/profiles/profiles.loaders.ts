import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { GqlContext } from '../common/auth/request-of';
import { groupByKeys, loaderFor, orderByKeys } from '../common/graphql/loaders';
import { EffectiveLevel, effectiveLevels } from '../core/competences/effective-level';
import { AssessmentEntity } from './entities/assessment.entity';
import { ProfileEntity } from './entities/profile.entity';
import { ProfilesRepository } from './profiles.repository';

/**
 * Per-request loaders keyed by user id. They do no access checks: callers (this feature's resolvers
 * and other features) decide first whether the viewer may see the person.
 */
@Injectable()
export class ProfilesLoaders {
  constructor(private readonly repo: ProfilesRepository) {}

  /** The saved profile row, or null (an empty PRIVATE profile). */
  profileByUserId(ctx: GqlContext): DataLoader<string, ProfileEntity | null> {
    return loaderFor(ctx, 'profileByUserId', async (ids: readonly string[]) =>
      orderByKeys(ids, await this.repo.findByUserIds(ids), (p) => p.userId),
    );
  }

  /** The assessment history of a person, newest first. */
  assessmentsOfPerson(ctx: GqlContext): DataLoader<string, AssessmentEntity[]> {
    return loaderFor(ctx, 'assessmentsOfPerson', async (ids: readonly string[]) =>
      groupByKeys(ids, await this.repo.assessmentsOf(ids), (a) => a.personId),
    );
  }

  /** Effective level per competence id of a person (core/competences/effective-level). */
  effectiveLevelsOfPerson(ctx: GqlContext): DataLoader<string, Map<string, EffectiveLevel>> {
    return loaderFor(ctx, 'effectiveLevelsOfPerson', async (ids: readonly string[]) => {
      const histories = await this.assessmentsOfPerson(ctx).loadMany(ids);
      return histories.map((h) => (h instanceof Error ? h : effectiveLevels(h)));
    });
  }
}
