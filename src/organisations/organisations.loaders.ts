import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { GqlContext } from '../common/auth/request-of';
import { groupByKeys, loaderFor, orderByKeys } from '../common/graphql/loaders';
import { DepartmentEntity } from './entities/department.entity';
import { OrganisationEntity } from './entities/organisation.entity';
import { OrganisationsRepository } from './organisations.repository';

@Injectable()
export class OrganisationsLoaders {
  constructor(private readonly repo: OrganisationsRepository) {}

  organisation(ctx: GqlContext): DataLoader<string, OrganisationEntity | null> {
    return loaderFor(ctx, 'organisation', async (ids: readonly string[]) =>
      orderByKeys(ids, await this.repo.findByIds(ids), (o) => o.id),
    );
  }

  department(ctx: GqlContext): DataLoader<string, DepartmentEntity | null> {
    return loaderFor(ctx, 'department', async (ids: readonly string[]) =>
      orderByKeys(ids, await this.repo.findDepartmentsByIds(ids), (d) => d.id),
    );
  }

  departmentsOfOrganisation(ctx: GqlContext): DataLoader<string, DepartmentEntity[]> {
    return loaderFor(ctx, 'departmentsOfOrganisation', async (ids: readonly string[]) =>
      groupByKeys(ids, await this.repo.findDepartmentsOfOrganisations(ids), (d) => d.organisationId),
    );
  }
}
