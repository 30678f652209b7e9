import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { UserRole } from '../core/domain/enums';
import { DataCorrectionsService } from './data-corrections.service';
import { CorrectAssessmentArgs, CorrectProfileArgs, DataCorrectionsArgs } from './dto/data-correction.inputs';
import { DataCorrectionModel } from './models/data-correction.model';
import { AssessmentModel, ProfileModel } from './models/profile.model';

@Resolver(() => DataCorrectionModel)
export class DataCorrectionsResolver {
  constructor(private readonly service: DataCorrectionsService) {}

  @Mutation(() => ProfileModel, {
    description:
      'HR of the person’s organisation and admins: corrects fields of someone’s profile (not the visibility, which is their consent), with a reason the person reads.',
  })
  @Roles(UserRole.HR, UserRole.ADMIN)
  correctProfile(@CurrentUser() viewer: AuthUser, @Args() args: CorrectProfileArgs): Promise<ProfileModel> {
    return this.service.correctProfile(viewer, args);
  }

  @Mutation(() => AssessmentModel, {
    description:
      'HR of the person’s organisation and admins: corrects a competence level a supervisor or evidence set (a new assessment of the same source; the history stays), with a reason the person reads.',
  })
  @Roles(UserRole.HR, UserRole.ADMIN)
  correctAssessment(
    @CurrentUser() viewer: AuthUser,
    @Args() args: CorrectAssessmentArgs,
  ): Promise<AssessmentModel> {
    return this.service.correctAssessment(viewer, args);
  }

  @Query(() => [DataCorrectionModel], {
    description: 'Corrections HR or an admin made to your data: what changed, who and why. Newest first.',
  })
  myDataCorrections(@CurrentUser() viewer: AuthUser): Promise<DataCorrectionModel[]> {
    return this.service.mine(viewer);
  }

  @Query(() => [DataCorrectionModel], {
    description: 'HR of the person’s organisation and admins: the corrections made to a person’s data.',
  })
  @Roles(UserRole.HR, UserRole.ADMIN)
  dataCorrections(
    @CurrentUser() viewer: AuthUser,
    @Args() args: DataCorrectionsArgs,
  ): Promise<DataCorrectionModel[]> {
    return this.service.of(viewer, args);
  }
}
