import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { EligibilityOverrideEntity } from './entities/eligibility-override.entity';

/** HR's eligibility overrides (a table this feature owns). */
@Injectable()
export class EligibilityOverridesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(em?: EntityManager): EntityManager {
    return em ?? this.dataSource.manager;
  }

  insert(
    values: Pick<EligibilityOverrideEntity, 'opportunityId' | 'candidateId' | 'reason' | 'createdBy'>,
    em: EntityManager,
  ): Promise<EligibilityOverrideEntity> {
    const repo = em.getRepository(EligibilityOverrideEntity);
    return repo.save(repo.create(values));
  }

  findOne(
    candidateId: string,
    opportunityId: string,
    em?: EntityManager,
  ): Promise<EligibilityOverrideEntity | null> {
    return this.manager(em)
      .getRepository(EligibilityOverrideEntity)
      .findOneBy({ candidateId, opportunityId });
  }

  /** The overrides of these candidates for these opportunities. */
  findOf(
    candidateIds: readonly string[],
    opportunityIds: readonly string[],
    em?: EntityManager,
  ): Promise<EligibilityOverrideEntity[]> {
    if (candidateIds.length === 0 || opportunityIds.length === 0) return Promise.resolve([]);
    return this.manager(em)
      .getRepository(EligibilityOverrideEntity)
      .findBy({ candidateId: In([...candidateIds]), opportunityId: In([...opportunityIds]) });
  }

  /** One candidate's overrides, newest first. */
  findOfCandidate(candidateId: string): Promise<EligibilityOverrideEntity[]> {
    return this.dataSource
      .getRepository(EligibilityOverrideEntity)
      .find({ where: { candidateId }, order: { createdAt: 'DESC', id: 'ASC' } });
  }
}
