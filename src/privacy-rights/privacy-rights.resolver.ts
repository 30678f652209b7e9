import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { JsonScalar } from '../common/graphql/json.scalar';
import { UserRole } from '../core/domain/enums';
import { DataExportService, PersonalDataExport } from './data-export.service';
import {
  ConfirmErasureArgs,
  ErasePersonArgs,
  ErasureRequestsArgs,
  MyDataSubjectRequestsArgs,
  PersonArgs,
  RequestErasureArgs,
} from './dto/privacy-rights.args';
import { ErasureService } from './erasure.service';
import { DataSubjectRequestModel, ErasureModel, ErasureRequestModel } from './models/erasure.model';

@Resolver()
export class PrivacyRightsResolver {
  constructor(
    private readonly exports: DataExportService,
    private readonly erasure: ErasureService,
  ) {}

  @Query(() => JsonScalar, {
    description:
      'Everything held about you, machine-readable (docs/privacy.md, "Export"): the same document as GET /privacy/my-data. Logged.',
  })
  exportMyData(@CurrentUser() viewer: AuthUser): Promise<PersonalDataExport> {
    return this.exports.exportMine(viewer);
  }

  @Query(() => JsonScalar, {
    description:
      'ADMIN: everything held about a person, on their request; recorded as a read of their data in the audit trail.',
  })
  @Roles(UserRole.ADMIN)
  exportPersonData(@CurrentUser() admin: AuthUser, @Args() args: PersonArgs): Promise<PersonalDataExport> {
    return this.exports.exportPerson(admin, args.userId);
  }

  @Mutation(() => ErasureRequestModel, {
    description:
      'Asks for your erasure (docs/privacy.md, "Erasure"); an admin confirms it with confirmErasure.',
  })
  requestErasure(
    @CurrentUser() viewer: AuthUser,
    @Args() args: RequestErasureArgs,
  ): Promise<ErasureRequestModel> {
    return this.erasure.requestErasure(viewer, args.reason);
  }

  @Query(() => [DataSubjectRequestModel], {
    description:
      'Your own exports and erasure requests, newest first, with their status and, for an erasure, what was kept (docs/privacy.md, "Your requests").',
    complexity: ({ args, childComplexity }) => (Number(args.first) || 50) * childComplexity,
  })
  myDataSubjectRequests(
    @CurrentUser() viewer: AuthUser,
    @Args() args: MyDataSubjectRequestsArgs,
  ): Promise<DataSubjectRequestModel[]> {
    return this.erasure.myRequests(viewer, args.first);
  }

  @Query(() => [ErasureRequestModel], {
    description: 'ADMIN: the erasure requests waiting for confirmation, oldest first.',
    complexity: ({ args, childComplexity }) => (Number(args.first) || 50) * childComplexity,
  })
  @Roles(UserRole.ADMIN)
  erasureRequests(@Args() args: ErasureRequestsArgs): Promise<ErasureRequestModel[]> {
    return this.erasure.openRequests(args.first);
  }

  @Mutation(() => ErasureModel, { description: 'ADMIN: carries out a person’s erasure request.' })
  @Roles(UserRole.ADMIN)
  confirmErasure(@CurrentUser() admin: AuthUser, @Args() args: ConfirmErasureArgs): Promise<ErasureModel> {
    return this.erasure.confirmErasure(admin, args.requestId);
  }

  @Mutation(() => ErasureModel, {
    description:
      'ADMIN: erases (anonymises) a person on their request; the answer says what had to be kept and until when.',
  })
  @Roles(UserRole.ADMIN)
  erasePerson(@CurrentUser() admin: AuthUser, @Args() args: ErasePersonArgs): Promise<ErasureModel> {
    return this.erasure.erasePerson(admin, args.userId, args.reason);
  }
}
