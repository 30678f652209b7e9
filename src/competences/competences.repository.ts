import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, In, IsNull, Repository } from 'typeorm';
import { containsPattern } from '../common/database/like-pattern';
import { CompetenceAreaEntity, CompetenceEntity } from './entities/competence.entity';

@Injectable()
export class CompetencesRepository {
  constructor(
    @InjectRepository(CompetenceAreaEntity) private readonly areas: Repository<CompetenceAreaEntity>,
    @InjectRepository(CompetenceEntity) private readonly competences: Repository<CompetenceEntity>,
  ) {}

  listAreas(): Promise<CompetenceAreaEntity[]> {
    return this.areas.find({ order: { position: 'ASC', name: 'ASC' } });
  }

  findAreasByIds(ids: readonly string[]): Promise<CompetenceAreaEntity[]> {
    return this.areas.findBy({ id: In([...ids]) });
  }

  findByIds(ids: readonly string[], em?: EntityManager): Promise<CompetenceEntity[]> {
    const repo = em ? em.getRepository(CompetenceEntity) : this.competences;
    return repo.findBy({ id: In([...ids]) });
  }

  /**
   * The competences, locked FOR SHARE until the caller's transaction ends, so a concurrent retire
   * waits for a new assessment or requirement that checked them (and vice versa).
   */
  findByIdsForShare(ids: readonly string[], em: EntityManager): Promise<CompetenceEntity[]> {
    return em
      .getRepository(CompetenceEntity)
      .find({ where: { id: In([...ids]) }, lock: { mode: 'pessimistic_read' } });
  }

  findOfAreas(areaIds: readonly string[], includeRetired: boolean): Promise<CompetenceEntity[]> {
    return this.competences.find({
      where: { areaId: In([...areaIds]), ...(includeRetired ? {} : { retiredAt: IsNull() }) },
      order: { name: 'ASC' },
    });
  }

  search(opts: { includeRetired: boolean; search?: string | null }): Promise<CompetenceEntity[]> {
    const qb = this.competences.createQueryBuilder('c').orderBy('c.name', 'ASC').addOrderBy('c.id', 'ASC');
    if (!opts.includeRetired) qb.andWhere('c.retired_at IS NULL');
    if (opts.search) {
      const pattern = containsPattern(opts.search);
      qb.andWhere(
        new Brackets((w) =>
          w
            .where('c.code ILIKE :pattern', { pattern })
            .orWhere('c.name ILIKE :pattern', { pattern })
            .orWhere('c.description ILIKE :pattern', { pattern })
            // And by stems, in English or Dutch: "modelling" finds "Statistical modelling and models".
            .orWhere(
              `to_tsvector('english'::regconfig, c.name || ' ' || c.description) @@ websearch_to_tsquery('english', :words)`,
              { words: opts.search },
            )
            .orWhere(
              `to_tsvector('dutch'::regconfig, c.name || ' ' || c.description) @@ websearch_to_tsquery('dutch', :words)`,
            ),
        ),
      );
    }
    return qb.getMany();
  }

  areaExists(id: string, em: EntityManager): Promise<boolean> {
    return em.getRepository(CompetenceAreaEntity).existsBy({ id });
  }

  codeTaken(code: string, em: EntityManager): Promise<boolean> {
    return em.getRepository(CompetenceEntity).existsBy({ code });
  }

  insert(
    values: Pick<CompetenceEntity, 'code' | 'name' | 'description' | 'areaId' | 'externalUri'>,
    em: EntityManager,
  ): Promise<CompetenceEntity> {
    const repo = em.getRepository(CompetenceEntity);
    return repo.save(repo.create({ ...values, retiredAt: null }));
  }

  findForUpdate(id: string, em: EntityManager): Promise<CompetenceEntity | null> {
    return em.getRepository(CompetenceEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  save(competence: CompetenceEntity, em: EntityManager): Promise<CompetenceEntity> {
    return em.getRepository(CompetenceEntity).save(competence);
  }
}
