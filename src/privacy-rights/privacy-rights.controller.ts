import { Controller, Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { isUuid, malformedId } from '../common/graphql/input-values';
import { UserRole } from '../core/domain/enums';
import { DataExportService, PersonalDataExport } from './data-export.service';

function asDownload(res: Response, doc: PersonalDataExport): PersonalDataExport {
  const day = doc.exportedAt.slice(0, 10);
  res.setHeader('Content-Disposition', `attachment; filename="talent-exchange-data-${day}.json"`);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  return doc;
}

/**
 * The data export as a file download: the same document as `exportMyData` / `exportPersonData`,
 * as JSON with Content-Disposition attachment. Bearer token as for GraphQL (the web app sends the
 * access token of its cookie session); errors answer JSON (http-error.filter.ts).
 */
@Controller('privacy')
export class PrivacyRightsController {
  constructor(private readonly exports: DataExportService) {}

  @Get('my-data')
  async mine(
    @CurrentUser() viewer: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PersonalDataExport> {
    return asDownload(res, await this.exports.exportMine(viewer));
  }

  @Get('people/:userId/data')
  @Roles(UserRole.ADMIN)
  async ofPerson(
    @CurrentUser() admin: AuthUser,
    @Param('userId') userId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PersonalDataExport> {
    if (!isUuid(userId)) throw malformedId('userId');
    return asDownload(res, await this.exports.exportPerson(admin, userId));
  }
}
