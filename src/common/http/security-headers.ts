import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

type Directives = Record<string, string[]>;

/**
 * The Content-Security-Policy of every route: what a single-page app built by Vite and served from
 * this origin needs (its scripts, styles, fonts and images from 'self'; API calls and graphql-ws to
 * 'self'), and nothing else: no inline or foreign script, no plugins, no framing. Inline styles are
 * allowed (as helmet's own default does): component libraries set CSS variables in <style> elements,
 * and a style cannot run code. Routes with a stricter policy of their own (the printable talent
 * profile page) set it themselves.
 */
export function appDirectives(upgradeInsecureRequests: boolean): Directives {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    ...(upgradeInsecureRequests ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

/** Where Apollo's landing page (the Sandbox, outside production) loads its parts from. */
const APOLLO_LANDING = 'https://apollo-server-landing-page.cdn.apollographql.com';
const APOLLO_SCRIPTS = [
  APOLLO_LANDING,
  'https://embeddable-sandbox.cdn.apollographql.com',
  'https://embeddable-explorer.cdn.apollographql.com',
];

/**
 * The app's policy widened for the Sandbox page on GET /graphql outside production. The page carries
 * its own nonce-based policy in a <meta> tag; a browser enforces both, so this header must allow what
 * that one does: inline scripts ('unsafe-inline' here, its nonce there), Apollo's CDN scripts, styles
 * and fonts, and the Sandbox iframe.
 */
export function sandboxDirectives(upgradeInsecureRequests: boolean): Directives {
  const app = appDirectives(upgradeInsecureRequests);
  return {
    ...app,
    'script-src': [...app['script-src'], "'unsafe-inline'", ...APOLLO_SCRIPTS],
    'style-src': [...app['style-src'], ...APOLLO_SCRIPTS, 'https://fonts.googleapis.com'],
    'img-src': [...app['img-src'], APOLLO_LANDING],
    'font-src': [...app['font-src'], 'https://fonts.gstatic.com'],
    'manifest-src': ["'self'", APOLLO_LANDING],
    'frame-src': ['https://sandbox.embed.apollographql.com', 'https://explorer.embed.apollographql.com'],
  };
}

export interface SecurityHeadersOptions {
  /** Outside production GET /graphql serves the Sandbox page. */
  sandbox: boolean;
  /** Browsers load http:// subresources over https (the site is served over TLS). */
  upgradeInsecureRequests: boolean;
}

/** helmet on every response: its default headers, frames denied, and the policies above. */
export function securityHeaders(opts: SecurityHeadersOptions): RequestHandler {
  const withPolicy = (directives: Directives) =>
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives },
      frameguard: { action: 'deny' },
    });
  const app = withPolicy(appDirectives(opts.upgradeInsecureRequests));
  const sandbox = opts.sandbox ? withPolicy(sandboxDirectives(opts.upgradeInsecureRequests)) : app;
  // originalUrl: a middleware mounted by Nest sees `req.path` relative to its mount point.
  return (req: Request, res: Response, next: NextFunction) =>
    (req.method === 'GET' && /^\/graphql\/?(\?|$)/.test(req.originalUrl) ? sandbox : app)(req, res, next);
}
