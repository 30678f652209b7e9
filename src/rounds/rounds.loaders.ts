import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { GqlContext } from '../common/auth/request-of';
import { groupByKeys, loaderFor, orderByKeys } from '../common/graphql/loaders';
import type { RoundRunInput } from '../core/rounds/round-allocation';
import { RoundRunEntity } from './entities/round.entity';
import { RoundsRepository } from './rounds.repository';

/** Per-request loaders of the round relation fields: one query per field and page, not per row. */
@Injectable()
export class RoundsLoaders {
  constructor(private readonly repo: RoundsRepository) {}

  /** Round id → its opportunity ids, in id order. */
  opportunityIds(ctx: GqlContext): DataLoader<string, string[]> {
    return loaderFor(ctx, 'rounds.opportunityIds', async (ids: readonly string[]) =>
      groupByKeys(ids, await this.repo.findRoundOpportunities(ids), (r) => r.roundId).map((rows) =>
        rows.map((r) => r.opportunityId),
      ),
    );
  }

  /** Run id → HR's decisions in its stored input (pre_assignments, overrides); null without input. */
  runDecisions(
    ctx: GqlContext,
  ): DataLoader<string, Pick<RoundRunInput, 'pre_assignments' | 'overrides'> | null> {
    return loaderFor(ctx, 'rounds.runDecisions', async (ids: readonly string[]) =>
      orderByKeys(ids, await this.repo.runDecisions(ids), (r) => r.id).map((r) => r?.decisions ?? null),
    );
  }

  /** Run id → its stored input document's text (canonical JSON, as hashed); null without input. */
  runInputJson(ctx: GqlContext): DataLoader<string, string | null> {
    return loaderFor(ctx, 'rounds.runInputJson', async (ids: readonly string[]) =>
      orderByKeys(ids, await this.repo.runInputJsons(ids), (r) => r.id).map((r) => r?.inputJson ?? null),
    );
  }

  /** Run id → its stored input and assignment (left out of run lists: they can be large). */
  runPayload(
    ctx: GqlContext,
  ): DataLoader<string, Pick<RoundRunEntity, 'id' | 'input' | 'assignment'> | null> {
    return loaderFor(ctx, 'rounds.runPayload', async (ids: readonly string[]) =>
      orderByKeys(ids, await this.repo.runPayloads(ids), (r) => r.id),
    );
  }
}
