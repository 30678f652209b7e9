import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { DataCorrectionEntity } from './entities/data-correction.entity';

/** The SQL of corrections by HR and admins (rectification). */
@Injectable()
export class DataCorrectionsRepository {
  constructor(
    @InjectRepository(DataCorrectionEntity) private readonly corrections: Repository<DataCorrectionEntity>,
  ) {}

  insert(row: Omit<DataCorrectionEntity, 'id' | 'person'>, em: EntityManager): Promise<DataCorrectionEntity> {
    const repo = em.getRepository(DataCorrectionEntity);
    return repo.save(repo.create(row));
  }

  /** The person's corrections, newest first. */
  of(personId: string): Promise<DataCorrectionEntity[]> {
    return this.corrections.find({ where: { personId }, order: { correctedAt: 'DESC', id: 'ASC' } });
  }
}
