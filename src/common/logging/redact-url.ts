/** What a secret in a logged URL is replaced with. */
export const REDACTED = '[redacted]';

/** Paths whose next segment is a secret (a share-link token): the prefix stays, the segment goes. */
const SECRET_SEGMENTS: readonly RegExp[] = [/^(\/+shared\/+talent-profile\/+)([^/?#]+)/i];

/** Query parameters whose value is a secret, by name (any case): token=, access_token=, api_key=, ... */
const SECRET_PARAM = /token|secret|passw|pwd|key|signature|code|auth|session|jwt|credential|otp|nonce/i;

/**
 * Paths where every query value is hidden: a GET /graphql carries the operation and its variables
 * in the query string (a login's password among them, even though GET refuses mutations).
 */
const OPAQUE_QUERY_PATHS = /^\/+graphql\/*$/i;

/**
 * A request URL fit for the access log: share-link tokens in paths and secret query values replaced
 * with [redacted]; parameter names stay, so the log still says what was asked.
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  let path = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? null : url.slice(q + 1);
  for (const pattern of SECRET_SEGMENTS) path = path.replace(pattern, `$1${REDACTED}`);
  if (query === null) return path;
  const opaque = OPAQUE_QUERY_PATHS.test(path);
  const params = query.split('&').map((param) => {
    const eq = param.indexOf('=');
    if (eq === -1) return param;
    const name = param.slice(0, eq);
    return opaque || SECRET_PARAM.test(decodeName(name)) ? `${name}=${REDACTED}` : param;
  });
  return `${path}?${params.join('&')}`;
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}
