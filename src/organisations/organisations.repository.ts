import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { DepartmentEntity } from './entities/department.entity';
import { OrganisationEntity } from './entities/organisation.entity';

@Injectable()
export class OrganisationsRepository {
  constructor(
    @InjectRepository(OrganisationEntity) private readonly organisations: Repository<OrganisationEntity>,
    @InjectRepository(DepartmentEntity) private readonly departments: Repository<DepartmentEntity>,
  ) {}

  listAll(): Promise<OrganisationEntity[]> {
    return this.organisations.find({ order: { name: 'ASC' } });
  }

  findByIds(ids: readonly string[]): Promise<OrganisationEntity[]> {
    return this.organisations.findBy({ id: In([...ids]) });
  }

  findDepartmentsByIds(ids: readonly string[]): Promise<DepartmentEntity[]> {
    return this.departments.findBy({ id: In([...ids]) });
  }

  findDepartmentsOfOrganisations(organisationIds: readonly string[]): Promise<DepartmentEntity[]> {
    return this.departments.find({
      where: { organisationId: In([...organisationIds]) },
      order: { name: 'ASC' },
    });
  }

  existsWithCode(code: string, em: EntityManager): Promise<boolean> {
    return em.getRepository(OrganisationEntity).existsBy({ code });
  }

  insertOrganisation(
    values: Pick<OrganisationEntity, 'code' | 'name'>,
    em: EntityManager,
  ): Promise<OrganisationEntity> {
    return em.getRepository(OrganisationEntity).save(em.getRepository(OrganisationEntity).create(values));
  }

  departmentNameTaken(organisationId: string, name: string, em: EntityManager): Promise<boolean> {
    return em.getRepository(DepartmentEntity).existsBy({ organisationId, name });
  }

  insertDepartment(
    values: Pick<DepartmentEntity, 'organisationId' | 'name'>,
    em: EntityManager,
  ): Promise<DepartmentEntity> {
    return em.getRepository(DepartmentEntity).save(em.getRepository(DepartmentEntity).create(values));
  }

  findOrganisationForUpdate(id: string, em: EntityManager): Promise<OrganisationEntity | null> {
    return em
      .getRepository(OrganisationEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }
}
