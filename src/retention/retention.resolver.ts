import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { UserRole } from '../core/domain/enums';
import { SetRetentionRuleArgs } from './dto/retention.args';
import { RetentionPreviewItemModel, RetentionRuleModel } from './models/retention.model';
import { RetentionService } from './retention.service';

@Resolver()
@Roles(UserRole.ADMIN)
export class RetentionResolver {
  constructor(private readonly retention: RetentionService) {}

  @Query(() => [RetentionRuleModel], {
    description: 'ADMIN: the retention of every data category: the rule, the default and what applies.',
  })
  retentionRules(): Promise<RetentionRuleModel[]> {
    return this.retention.rules();
  }

  @Query(() => [RetentionPreviewItemModel], {
    description:
      'ADMIN: per category, what the next run of the retention job would remove now (nothing is removed).',
  })
  retentionPreview(): Promise<RetentionPreviewItemModel[]> {
    return this.retention.preview(new Date());
  }

  @Mutation(() => RetentionRuleModel, {
    description: 'ADMIN: sets the retention of a data category in days (null: back to the default). Audited.',
  })
  setRetentionRule(
    @CurrentUser() admin: AuthUser,
    @Args() args: SetRetentionRuleArgs,
  ): Promise<RetentionRuleModel> {
    return this.retention.setRule(admin, args);
  }
}
