/**
 * Implemented by the auth feature: whether a browser session is still live (neither signed out,
 * revoked nor expired). Access tokens issued to a session carry its id and die with it.
 */
export abstract class SessionCheck {
  abstract isLive(sessionId: string, userId: string): Promise<boolean>;
}
