import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { GqlContext } from '../common/auth/request-of';
import { AppError } from '../common/errors/app-error';
import { groupByKeys, loaderFor, orderByKeys } from '../common/graphql/loaders';
import { CompetencesRepository } from './competences.repository';
import { CompetenceAreaEntity, CompetenceEntity } from './entities/competence.entity';

/** Per-request loaders; `competence` resolves retired competences too (old records keep them). */
@Injectable()
export class CompetencesLoaders {
  constructor(private readonly repo: CompetencesRepository) {}

  competence(ctx: GqlContext): DataLoader<string, CompetenceEntity | null> {
    return loaderFor(ctx, 'competence', async (ids: readonly string[]) =>
      orderByKeys(ids, await this.repo.findByIds(ids), (c) => c.id),
    );
  }

  /** For a relation field: the competence a record points at (retired too), which must exist. */
  async existing(ctx: GqlContext, id: string): Promise<CompetenceEntity> {
    const competence = await this.competence(ctx).load(id);
    if (!competence) throw AppError.notFound('Competence');
    return competence;
  }

  area(ctx: GqlContext): DataLoader<string, CompetenceAreaEntity | null> {
    return loaderFor(ctx, 'competenceArea', async (ids: readonly string[]) =>
      orderByKeys(ids, await this.repo.findAreasByIds(ids), (a) => a.id),
    );
  }

  competencesOfArea(ctx: GqlContext, includeRetired: boolean): DataLoader<string, CompetenceEntity[]> {
    return loaderFor(
      ctx,
      includeRetired ? 'competencesOfArea:all' : 'competencesOfArea:active',
      async (ids: readonly string[]) =>
        groupByKeys(ids, await this.repo.findOfAreas(ids, includeRetired), (c) => c.areaId),
    );
  }
}
