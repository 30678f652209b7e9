import { Args, Query, Resolver } from '@nestjs/graphql';
import { AuthUser } from '../common/auth/auth-user';
import { CurrentUser } from '../common/auth/decorators';
import { computedPage } from '../common/graphql/operation-cost';
import { MatchingCandidatesArgs } from './dto/recommendation.inputs';
import { FINDABLE_POOL_LIMIT, MatchingCandidatesService } from './matching-candidates.service';
import { CandidateMatchModel } from './models/recommendation.model';

@Resolver(() => CandidateMatchModel)
export class MatchingCandidatesResolver {
  constructor(private readonly service: MatchingCandidatesService) {}

  @Query(() => [CandidateMatchModel], {
    description:
      'Host staff of the opportunity (lead or co-supervisor, HR of the host) and admins: applicants and ' +
      'findable profiles, eligible ones first, each group ranked by fit, with explanations. NOT_FOUND for anyone else.',
    // Reads and scores the live applicants and up to FINDABLE_POOL_LIMIT findable people.
    complexity: computedPage(FINDABLE_POOL_LIMIT),
  })
  // No @Roles: whoever is not host staff gets NOT_FOUND from the service, as for a missing opportunity.
  matchingCandidates(
    @CurrentUser() viewer: AuthUser,
    @Args() args: MatchingCandidatesArgs,
  ): Promise<CandidateMatchModel[]> {
    return this.service.matchingCandidates(viewer, args);
  }
}
