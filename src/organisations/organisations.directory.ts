import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DepartmentEntity } from './entities/department.entity';
import { OrganisationEntity } from './entities/organisation.entity';
import { OrganisationsRepository } from './organisations.repository';

/**
 * What other features may read of organisations and departments (issue 11): they call this, never
 * OrganisationsRepository. Methods take the caller's EntityManager where they run inside its transaction.
 */
@Injectable()
export class OrganisationsDirectory {
  constructor(private readonly repo: OrganisationsRepository) {}

  findByIds(ids: readonly string[]): Promise<OrganisationEntity[]> {
    return this.repo.findByIds(ids);
  }

  findDepartmentsByIds(ids: readonly string[]): Promise<DepartmentEntity[]> {
    return this.repo.findDepartmentsByIds(ids);
  }

  /** Locks the organisation row (a user created in it) in the caller's transaction; null when none. */
  findOrganisationForUpdate(id: string, em: EntityManager): Promise<OrganisationEntity | null> {
    return this.repo.findOrganisationForUpdate(id, em);
  }
}
