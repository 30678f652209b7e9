import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { UserRole } from '../core/domain/enums';
import { ContestsService } from './contests.service';
import { AnswerContestArgs, ContestArgs, ContestsToAnswerArgs, FileContestArgs } from './dto/contest.inputs';
import { ContestModel } from './models/contest.model';

@Resolver(() => ContestModel)
export class ContestsResolver {
  constructor(private readonly service: ContestsService) {}

  @Mutation(() => ContestModel, {
    description:
      'Contests a recommendation (an opportunity you may see), the rejection of your application or what an allocation round gave you, with a reason. HR of the organisation concerned answers.',
  })
  fileContest(@CurrentUser() viewer: AuthUser, @Args() args: FileContestArgs): Promise<ContestModel> {
    return this.service.file(viewer, args);
  }

  @Query(() => [ContestModel], { description: 'Your contests, newest first, with their answers.' })
  myContests(@CurrentUser() viewer: AuthUser): Promise<ContestModel[]> {
    return this.service.mine(viewer);
  }

  @Query(() => ContestModel, {
    description: 'One contest: for the person who filed it, HR of the organisation concerned and admins.',
  })
  contest(@CurrentUser() viewer: AuthUser, @Args() args: ContestArgs): Promise<ContestModel> {
    return this.service.one(viewer, args);
  }

  @Query(() => [ContestModel], {
    description: 'HR: the contests of decisions of your organisation; admins: all. Newest first.',
  })
  @Roles(UserRole.HR, UserRole.ADMIN)
  contestsToAnswer(
    @CurrentUser() viewer: AuthUser,
    @Args() args: ContestsToAnswerArgs,
  ): Promise<ContestModel[]> {
    return this.service.toAnswer(viewer, args);
  }

  @Mutation(() => ContestModel, {
    description:
      'HR of the organisation concerned and admins: answers an open contest, UPHELD or DISMISSED, with a reason the person reads. It changes no decision by itself.',
  })
  @Roles(UserRole.HR, UserRole.ADMIN)
  answerContest(@CurrentUser() viewer: AuthUser, @Args() args: AnswerContestArgs): Promise<ContestModel> {
    return this.service.answer(viewer, args);
  }
}
