import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { GqlContext } from '../common/auth/request-of';
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
