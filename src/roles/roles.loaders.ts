import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { GqlContext } from '../common/auth/request-of';
import { groupByKeys, loaderFor } from '../common/graphql/loaders';
import { RoleRequirementEntity } from './entities/role-profile.entity';
import { RolesRepository } from './roles.repository';

/** Per-request loaders of the roles feature. */
@Injectable()
export class RolesLoaders {
  constructor(private readonly repo: RolesRepository) {}

  requirements(ctx: GqlContext): DataLoader<string, RoleRequirementEntity[]> {
    return loaderFor(ctx, 'roleRequirements', async (ids: readonly string[]) =>
      groupByKeys(ids, await this.repo.requirementsOfMany(ids), (r) => r.roleProfileId),
    );
  }
}
