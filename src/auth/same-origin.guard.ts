import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { crossSiteRequest } from './auth.errors';

/**
 * CSRF protection of the cookie endpoints, besides the cookie's SameSite=Strict (which a sibling
 * subdomain, being same-site, would pass). The same rule as Apollo's csrfPrevention for /graphql:
 * only a request a page cannot send cross-origin without a CORS preflight gets through, and this API
 * answers no preflight. So: the body must be JSON (`content-type: application/json` is not a "simple"
 * content type), and a browser's Fetch Metadata must not say the request comes from another site.
 */
@Injectable()
export class SameOriginGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<Request>();
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') throw crossSiteRequest();
    if (!req.is('application/json')) throw crossSiteRequest();
    return true;
  }
}
