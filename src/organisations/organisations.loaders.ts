import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { GqlContext } from '../common/auth/request-of';
import { RowCache } from '../common/cache/row-cache';
import { groupByKeys, loaderFor, orderByKeys } from '../common/graphql/loaders';
import { DepartmentEntity } from './entities/department.entity';
import { OrganisationEntity } from './entities/organisation.entity';
import { OrganisationsRepository } from './organisations.repository';

/**
 * Organisation rows are read on almost every page (a host, a person's organisation) and the API never
 * changes one once created (it only adds organisations): each instance keeps them a minute.
 */
const ORGANISATION_TTL_MS = 60_000;

@Injectable()
export class OrganisationsLoaders {
  private readonly organisations = new RowCache<OrganisationEntity>({
    ttlMs: ORGANISATION_TTL_MS,
    max: 1_000,
  });

  constructor(private readonly repo: OrganisationsRepository) {}

  organisation(ctx: GqlContext): DataLoader<string, OrganisationEntity | null> {
    return loaderFor(ctx, 'organisation', async (ids: readonly string[]) =>
      orderByKeys(
        ids,
        await this.organisations.getMany(
          ids,
          (missing) => this.repo.findByIds(missing),
          (o) => o.id,
        ),
        (o) => o.id,
      ),
    );
  }

  /** The organisation when this instance holds it (no read, no promise); else undefined: use the loader. */
  cachedOrganisation(id: string): OrganisationEntity | undefined {
    return this.organisations.peek(id);
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
