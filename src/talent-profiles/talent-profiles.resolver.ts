import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AuthUser } from '../common/auth/auth-user';
import { CurrentUser } from '../common/auth/decorators';
import {
  CreateTalentProfileShareArgs,
  RevokeTalentProfileShareArgs,
  TalentProfileArgs,
} from './dto/talent-profile.inputs';
import {
  CreatedTalentProfileShareModel,
  TalentProfileModel,
  TalentProfileShareModel,
} from './models/talent-profile.model';
import { TalentProfilesService } from './talent-profiles.service';

@Resolver(() => TalentProfileModel)
export class TalentProfilesResolver {
  constructor(private readonly service: TalentProfilesService) {}

  @Query(() => TalentProfileModel, {
    description:
      'A person’s competences and the gaps for their target roles: yourself (personId omitted), admins, HR of the person’s organisation; otherwise NOT_FOUND.',
  })
  talentProfile(
    @CurrentUser() viewer: AuthUser,
    @Args() args: TalentProfileArgs,
  ): Promise<TalentProfileModel> {
    return this.service.forViewer(viewer, args.personId);
  }

  @Mutation(() => CreatedTalentProfileShareModel, {
    description:
      'Makes a link by which anyone holding it can read your talent profile (live, read-only) until it expires or you revoke it. The token is shown only here.',
  })
  createTalentProfileShare(
    @CurrentUser() viewer: AuthUser,
    @Args() args: CreateTalentProfileShareArgs,
  ): Promise<CreatedTalentProfileShareModel> {
    return this.service.createShare(viewer, args);
  }

  @Query(() => [TalentProfileShareModel], {
    description: 'Your talent profile share links, newest first (revoked and expired ones too).',
    complexity: ({ childComplexity }) => 10 * childComplexity,
  })
  myTalentProfileShares(@CurrentUser() viewer: AuthUser): Promise<TalentProfileShareModel[]> {
    return this.service.myShares(viewer);
  }

  @Mutation(() => TalentProfileShareModel, {
    description: 'Ends one of your share links at once (idempotent). Someone else’s: NOT_FOUND.',
  })
  revokeTalentProfileShare(
    @CurrentUser() viewer: AuthUser,
    @Args() args: RevokeTalentProfileShareArgs,
  ): Promise<TalentProfileShareModel> {
    return this.service.revokeShare(viewer, args.id);
  }
}
