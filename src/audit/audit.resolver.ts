import { Args, Query, Resolver } from '@nestjs/graphql';
import { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { UserRole } from '../core/domain/enums';
import { PersonalDataAudit } from './audit.service';
import {
  MyPersonalDataReadsArgs,
  PersonalDataReadsArgs,
  PrivacyActionsArgs,
} from './dto/personal-data-read.inputs';
import { PersonalDataReadModel } from './models/personal-data-read.model';
import { PrivacyActionModel } from './models/privacy-action.model';

@Resolver(() => PersonalDataReadModel)
export class AuditResolver {
  constructor(private readonly audit: PersonalDataAudit) {}

  @Query(() => [PersonalDataReadModel], {
    description:
      'Who read your personal data: each read by HR or an admin of another organisation or yours, newest first.',
    complexity: ({ args, childComplexity }) => (Number(args.first) || 50) * childComplexity,
  })
  myPersonalDataReads(
    @CurrentUser() viewer: AuthUser,
    @Args() args: MyPersonalDataReadsArgs,
  ): Promise<PersonalDataReadModel[]> {
    return this.audit.readsOfMine(viewer, args);
  }

  @Query(() => [PersonalDataReadModel], {
    description: 'ADMIN: the audit trail of reads of personal data, by person and/or reader, newest first.',
    complexity: ({ args, childComplexity }) => (Number(args.first) || 50) * childComplexity,
  })
  @Roles(UserRole.ADMIN)
  personalDataReads(@Args() args: PersonalDataReadsArgs): Promise<PersonalDataReadModel[]> {
    return this.audit.reads(args);
  }

  @Query(() => [PrivacyActionModel], {
    description:
      'The uses of data protection rights concerning you (consents, restrictions, corrections, contests), newest first.',
    complexity: ({ args, childComplexity }) => (Number(args.first) || 50) * childComplexity,
  })
  myPrivacyActions(
    @CurrentUser() viewer: AuthUser,
    @Args() args: MyPersonalDataReadsArgs,
  ): Promise<PrivacyActionModel[]> {
    return this.audit.actionsOfMine(viewer, args);
  }

  @Query(() => [PrivacyActionModel], {
    description:
      'ADMIN: the audit trail of uses of data protection rights, by person and/or actor, newest first.',
    complexity: ({ args, childComplexity }) => (Number(args.first) || 50) * childComplexity,
  })
  @Roles(UserRole.ADMIN)
  privacyActions(@Args() args: PrivacyActionsArgs): Promise<PrivacyActionModel[]> {
    return this.audit.actions(args);
  }
}
