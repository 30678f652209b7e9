import { Args, Query, Resolver } from '@nestjs/graphql';
import { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { JsonScalar } from '../common/graphql/json.scalar';
import { UserRole } from '../core/domain/enums';
import { DataExportService, PersonalDataExport } from './data-export.service';
import { PersonArgs } from './dto/privacy-rights.args';

@Resolver()
export class PrivacyRightsResolver {
  constructor(private readonly exports: DataExportService) {}

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
}
