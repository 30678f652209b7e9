import { renewSession } from '../../../lib/graphql-client';
import { expiresSoon, getSession } from '../../../lib/session';

/** Why a download failed, for the page to say in words. */
export type DownloadFailure = 'NETWORK' | 'UNAUTHENTICATED' | 'FAILED';

/**
 * GET /privacy/my-data with the session's access token as a bearer header (the route accepts no
 * cookie, so another site cannot make a browser download someone's data: nothing for CSRF to use),
 * then saves the answer as a file through a Blob URL. The file name is the server's.
 */
export async function downloadMyData(): Promise<{ failure?: DownloadFailure }> {
  let session = getSession();
  if (session && expiresSoon(session)) {
    await renewSession();
    session = getSession();
  }
  if (!session) return { failure: 'UNAUTHENTICATED' };
  let response: Response;
  try {
    response = await fetch('/privacy/my-data', {
      headers: { authorization: `Bearer ${session.accessToken}`, accept: 'application/json' },
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    return { failure: 'NETWORK' };
  }
  if (response.status === 401) return { failure: 'UNAUTHENTICATED' };
  if (!response.ok) return { failure: 'FAILED' };
  const blob = await response.blob();
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'talent-exchange-data.json';
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked after the click has been handled: the download keeps its own copy.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return {};
}
