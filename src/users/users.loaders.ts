import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { GqlContext } from '../common/auth/request-of';
import { AppError } from '../common/errors/app-error';
import { loaderFor, orderByKeys } from '../common/graphql/loaders';
import { PersonSummaryModel } from './models/person-summary.model';
import { UsersCache } from './users.cache';

/**
 * Per-request loaders of people named by other records, read through the account cache. No access
 * check: the record's own rule applies.
 */
@Injectable()
export class UsersLoaders {
  constructor(private readonly accounts: UsersCache) {}

  personSummary(ctx: GqlContext): DataLoader<string, PersonSummaryModel | null> {
    return loaderFor(ctx, 'users.personSummary', async (ids: readonly string[]) =>
      orderByKeys(
        ids,
        (await this.accounts.findByIds(ids)).map((u) => ({
          id: u.id,
          displayName: u.displayName,
          organisationId: u.organisationId,
        })),
        (p) => p.id,
      ),
    );
  }

  /** For a relation field: the person a record points at, who must exist. */
  async existingPerson(ctx: GqlContext, id: string): Promise<PersonSummaryModel> {
    const person = await this.personSummary(ctx).load(id);
    if (!person) throw AppError.notFound('Person');
    return person;
  }
}
