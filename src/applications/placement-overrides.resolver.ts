import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { UserRole } from '../core/domain/enums';
import { GrantEligibilityOverrideInput, PlaceCandidateInput } from './dto/placement-overrides.inputs';
import { ApplicationModel } from './models/application.model';
import { EligibilityOverrideModel } from './models/eligibility-override.model';
import { PlacementOverridesService } from './placement-overrides.service';

/** HR's overrides of the placement rules outside rounds (docs/lifecycle.md). */
@Resolver()
export class PlacementOverridesResolver {
  constructor(private readonly service: PlacementOverridesService) {}

  @Mutation(() => EligibilityOverrideModel, {
    description:
      'HR of the host organisation or an admin lets one candidate apply to (and be chosen in a round for) one opportunity although not eligible (career stage, essential requirements), with a reason the candidate sees. OVERRIDE_EXISTS when granted already; NOT_FOUND for HR of another organisation.',
  })
  @Roles(UserRole.HR, UserRole.ADMIN)
  grantEligibilityOverride(
    @CurrentUser() viewer: AuthUser,
    @Args('input') input: GrantEligibilityOverrideInput,
  ): Promise<EligibilityOverrideModel> {
    return this.service.grantEligibilityOverride(viewer, input);
  }

  @Mutation(() => ApplicationModel, {
    description:
      'HR of the host organisation or an admin places a candidate directly on an opportunity outside rounds, with a reason: the candidate’s live application (or a new one) becomes ACCEPTED and takes a seat. Refusals: NO_SEATS_LEFT, ALREADY_PLACED, OPPORTUNITY_NOT_OPEN, OPPORTUNITY_IN_ROUND; NOT_FOUND for HR of another organisation.',
  })
  @Roles(UserRole.HR, UserRole.ADMIN)
  placeCandidate(
    @CurrentUser() viewer: AuthUser,
    @Args('input') input: PlaceCandidateInput,
  ): Promise<ApplicationModel> {
    return this.service.placeCandidate(viewer, input);
  }

  @Query(() => [EligibilityOverrideModel], {
    description:
      'Opportunities HR lets you apply to although you are not eligible, with their reasons; newest first.',
  })
  @Roles(UserRole.CANDIDATE)
  myEligibilityOverrides(@CurrentUser() viewer: AuthUser): Promise<EligibilityOverrideModel[]> {
    return this.service.myEligibilityOverrides(viewer);
  }
}
