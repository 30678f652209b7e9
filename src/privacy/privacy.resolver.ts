import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Public, Roles } from '../common/auth/decorators';
import { UserRole } from '../core/domain/enums';
import {
  CreateProcessingPurposeInput,
  GiveConsentArgs,
  UpdateProcessingPurposeArgs,
  WithdrawConsentArgs,
} from './dto/privacy.inputs';
import { ConsentModel, ProcessingPurposeModel } from './models/processing-purpose.model';
import { PrivacyService } from './privacy.service';

@Resolver()
export class PrivacyResolver {
  constructor(private readonly service: PrivacyService) {}

  @Query(() => [ProcessingPurposeModel], {
    description:
      'The register of processing: every purpose, its lawful basis, the data it uses and how long it is kept. Open to everyone, signed in or not.',
  })
  @Public()
  processingPurposes(): Promise<ProcessingPurposeModel[]> {
    return this.service.processingPurposes();
  }

  @Mutation(() => ProcessingPurposeModel, { description: 'ADMIN: adds a purpose to the register.' })
  @Roles(UserRole.ADMIN)
  createProcessingPurpose(
    @CurrentUser() viewer: AuthUser,
    @Args('input') input: CreateProcessingPurposeInput,
  ): Promise<ProcessingPurposeModel> {
    return this.service.createPurpose(viewer, input);
  }

  @Mutation(() => ProcessingPurposeModel, {
    description:
      'ADMIN: changes a purpose. A changed consent text needs a new version; the lawful basis cannot move to or from CONSENT once people consented.',
  })
  @Roles(UserRole.ADMIN)
  updateProcessingPurpose(
    @CurrentUser() viewer: AuthUser,
    @Args() args: UpdateProcessingPurposeArgs,
  ): Promise<ProcessingPurposeModel> {
    return this.service.updatePurpose(viewer, args);
  }

  @Query(() => [ConsentModel], { description: 'Your consents, newest first, withdrawn ones included.' })
  myConsents(@CurrentUser() viewer: AuthUser): Promise<ConsentModel[]> {
    return this.service.myConsents(viewer);
  }

  @Mutation(() => ConsentModel, {
    description:
      'Consents to an optional purpose in the text version you were shown (the current one). FINDABLE_PROFILE makes your profile findable at once.',
  })
  giveConsent(@CurrentUser() viewer: AuthUser, @Args() args: GiveConsentArgs): Promise<ConsentModel> {
    return this.service.giveConsent(viewer, args);
  }

  @Mutation(() => ConsentModel, {
    nullable: true,
    description:
      'Withdraws your consent to an optional purpose, at once and never refused (null when there was none): FINDABLE_PROFILE makes your profile PRIVATE, TALENT_PROFILE_CONSORTIUM hides your talent profile from partners.',
  })
  withdrawConsent(
    @CurrentUser() viewer: AuthUser,
    @Args() args: WithdrawConsentArgs,
  ): Promise<ConsentModel | null> {
    return this.service.withdrawConsent(viewer, args);
  }
}
