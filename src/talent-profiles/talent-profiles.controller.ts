import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AuthUser } from '../common/auth/auth-user';
import { CurrentUser, Public } from '../common/auth/decorators';
import { AppError } from '../common/errors/app-error';
import { isUuid, malformedId } from '../common/graphql/input-values';
import { TalentProfileModel } from './models/talent-profile.model';
import { PageOptions, renderTalentProfilePage } from './talent-profile.page';
import { TalentProfilesService } from './talent-profiles.service';
import { FieldCode } from '../common/errors/field-codes';

/** The page runs no script and loads nothing: inline styles and inline SVG only. */
export const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

type Format = 'html' | 'json';

/** Set before anything can fail, so error answers carry them too. */
function setHeaders(res: Response, shared: boolean): void {
  res.setHeader('Content-Security-Policy', PAGE_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  if (shared) res.setHeader('X-Robots-Tag', 'noindex, nofollow');
}

function formatOf(format: unknown): Format {
  if (format === undefined || format === 'html') return 'html';
  if (format === 'json') return 'json';
  throw AppError.badInput('Unknown format', [
    {
      field: 'format',
      message: 'html (default) or json',
      code: FieldCode.NOT_ONE_OF,
      params: { allowed: 'html, json' },
    },
  ]);
}

function answer(
  res: Response,
  format: Format,
  doc: TalentProfileModel,
  opts: PageOptions = {},
): TalentProfileModel | string {
  if (format === 'json') return doc;
  res.type('html');
  return renderTalentProfilePage(doc, opts);
}

/**
 * The talent profile over plain HTTP: a printable HTML page, or with ?format=json the document of
 * the talentProfile query (same service method). Bearer auth as for GraphQL; the shared route is
 * public and takes a share token instead. Errors answer JSON (http-error.filter.ts).
 */
@Controller()
export class TalentProfilesController {
  constructor(private readonly service: TalentProfilesService) {}

  @Get('talent-profile')
  async own(
    @CurrentUser() viewer: AuthUser,
    @Query('format') format: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TalentProfileModel | string> {
    setHeaders(res, false);
    const fmt = formatOf(format);
    return answer(res, fmt, await this.service.forViewer(viewer));
  }

  /** Same access as the talentProfile query; a malformed id is BAD_USER_INPUT (400), as in GraphQL. */
  @Get('talent-profile/:personId')
  async ofPerson(
    @CurrentUser() viewer: AuthUser,
    @Param('personId') personId: string,
    @Query('format') format: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TalentProfileModel | string> {
    setHeaders(res, false);
    const fmt = formatOf(format);
    if (!isUuid(personId)) throw malformedId('personId');
    return answer(res, fmt, await this.service.forViewer(viewer, personId));
  }

  /** Unknown, revoked and expired links: the same 404. */
  @Public()
  @Get('shared/talent-profile/:token')
  async shared(
    @Param('token') token: string,
    @Query('format') format: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TalentProfileModel | string> {
    setHeaders(res, true);
    const fmt = formatOf(format);
    const { profile, expiresAt } = await this.service.forShareToken(token);
    return answer(res, fmt, profile, { shared: { expiresAt } });
  }
}
