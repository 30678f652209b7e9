import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../common/database/transaction';
import { AppError } from '../common/errors/app-error';
import { CreateDepartmentInput, CreateOrganisationInput } from './dto/organisation.inputs';
import { DepartmentEntity } from './entities/department.entity';
import { OrganisationEntity } from './entities/organisation.entity';
import { OrganisationsRepository } from './organisations.repository';

/** Organisations and departments are not personal data: every signed-in user may read them. */
@Injectable()
export class OrganisationsService {
  constructor(
    private readonly repo: OrganisationsRepository,
    private readonly tx: TransactionRunner,
  ) {}

  list(): Promise<OrganisationEntity[]> {
    return this.repo.listAll();
  }

  async get(id: string): Promise<OrganisationEntity> {
    const [org] = await this.repo.findByIds([id]);
    if (!org) throw AppError.notFound('Organisation');
    return org;
  }

  createOrganisation(input: CreateOrganisationInput): Promise<OrganisationEntity> {
    return this.tx.run(async (em) => {
      if (await this.repo.existsWithCode(input.code, em)) {
        throw AppError.conflict(`An organisation with code ${input.code} exists`, 'ORGANISATION_CODE_TAKEN');
      }
      return this.repo.insertOrganisation(input, em);
    });
  }

  createDepartment(input: CreateDepartmentInput): Promise<DepartmentEntity> {
    return this.tx.run(async (em) => {
      const org = await this.repo.findOrganisationForUpdate(input.organisationId, em);
      if (!org) throw AppError.notFound('Organisation');
      if (await this.repo.departmentNameTaken(org.id, input.name, em)) {
        throw AppError.conflict(`${org.name} has a department named ${input.name}`, 'DEPARTMENT_NAME_TAKEN');
      }
      return this.repo.insertDepartment({ organisationId: org.id, name: input.name }, em);
    });
  }
}
