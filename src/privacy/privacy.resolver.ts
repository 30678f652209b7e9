import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Public, Roles } from '../common/auth/decorators';
import { UserRole } from '../core/domain/enums';
import {
  CreateProcessingPurposeInput,
  GiveConsentArgs,
  PersonRestrictionArgs,
  RequestRestrictionArgs,
  RestrictionStatusArgs,
  UpdateProcessingPurposeArgs,
  WithdrawConsentArgs,
} from './dto/privacy.inputs';
import {
  ProcessingRestrictionModel,
  ProcessingRestrictionStatusModel,
} from './models/processing-restriction.model';
import { RestrictionsService } from './restrictions.service';
import { ConsentModel, ProcessingPurposeModel } from './models/processing-purpose.model';
import { PrivacyService } from './privacy.service';

@Resolver()
export class PrivacyResolver {
  constructor(
    private readonly service: PrivacyService,
    private readonly restrictions: RestrictionsService,
  ) {}

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

  @Query(() => [ProcessingRestrictionModel], {
    description: 'Restrictions of processing of your data, newest first, with their reasons.',
  })
  myProcessingRestrictions(@CurrentUser() viewer: AuthUser): Promise<ProcessingRestrictionModel[]> {
    return this.restrictions.myRestrictions(viewer);
  }

  @Mutation(() => ProcessingRestrictionModel, {
    description:
      'Restricts the processing of your data, at once: you stay stored but are left out of recommendations, candidate and findable lists, allocation runs and analytics until HR or an admin lifts it.',
  })
  requestProcessingRestriction(
    @CurrentUser() viewer: AuthUser,
    @Args() args: RequestRestrictionArgs,
  ): Promise<ProcessingRestrictionModel> {
    return this.restrictions.request(viewer, args);
  }

  @Query(() => ProcessingRestrictionStatusModel, {
    description: 'HR of the person’s organisation and admins: whether a restriction applies (not why).',
  })
  @Roles(UserRole.HR, UserRole.ADMIN)
  processingRestriction(
    @CurrentUser() viewer: AuthUser,
    @Args() args: RestrictionStatusArgs,
  ): Promise<ProcessingRestrictionStatusModel> {
    return this.restrictions.status(viewer, args);
  }

  @Mutation(() => ProcessingRestrictionStatusModel, {
    description:
      'HR of the person’s organisation and admins: restricts processing of a person, with a reason.',
  })
  @Roles(UserRole.HR, UserRole.ADMIN)
  restrictProcessing(
    @CurrentUser() viewer: AuthUser,
    @Args() args: PersonRestrictionArgs,
  ): Promise<ProcessingRestrictionStatusModel> {
    return this.restrictions.restrict(viewer, args);
  }

  @Mutation(() => ProcessingRestrictionStatusModel, {
    description: 'HR of the person’s organisation and admins: lifts the restriction in force, with a reason.',
  })
  @Roles(UserRole.HR, UserRole.ADMIN)
  liftProcessingRestriction(
    @CurrentUser() viewer: AuthUser,
    @Args() args: PersonRestrictionArgs,
  ): Promise<ProcessingRestrictionStatusModel> {
    return this.restrictions.lift(viewer, args);
  }
}
