import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { LRUCache } from 'lru-cache';
import { Env } from '../../config/env.schema';
import { AuthUser } from './auth-user';
import { SessionCheck } from './session-check';
import { TokenUserLookup } from './token-user-lookup';

interface TokenPayload {
  sub: string;
  /** The browser session the token was issued to (absent for the GraphQL `login` mutation). */
  sid?: string;
  exp?: number;
}

export interface IssuedAccessToken {
  accessToken: string;
  expiresAt: Date;
}

export interface VerifiedAccessToken {
  user: AuthUser;
  /** Milliseconds since the epoch. */
  expiresAt: number | null;
}

/**
 * Short-lived access tokens (JWT, HS256), the one place that signs and checks them: the HTTP guard
 * and graphql-ws sockets verify through here. A token names its user, whose account is looked up on
 * every use (through the instance's account cache, users/users.cache.ts: a changed or deleted account
 * takes effect on every instance as soon as the database's notification arrives, at the latest after
 * AUTH_USER_CACHE_SECONDS), and, when issued to a browser session, the session,
 * which must still be live (sign-out and revocation end its tokens at once, not at their expiry).
 */
/** Verified tokens kept per instance (a token is about 250 bytes: at most a few MB). */
const MAX_VERIFIED_TOKENS = 10_000;

@Injectable()
export class AccessTokens {
  /**
   * The claims of tokens whose signature was checked, by the exact token text: a client sends the
   * same token with every request for its lifetime, and checking the signature and claims again
   * (base64, two JSON parses, an HMAC) was a tenth of the CPU of `me`. Only the signature check is
   * remembered: expiry is checked on every use, and the account and session are looked up as before.
   */
  private readonly verified = new LRUCache<string, TokenPayload>({ max: MAX_VERIFIED_TOKENS });

  constructor(
    private readonly jwt: JwtService,
    private readonly users: TokenUserLookup,
    private readonly sessions: SessionCheck,
    private readonly config: ConfigService<Env, true>,
  ) {}

  async issue(userId: string, sessionId?: string): Promise<IssuedAccessToken> {
    const ttl = this.config.get('JWT_TTL_SECONDS', { infer: true });
    const payload: TokenPayload = sessionId ? { sub: userId, sid: sessionId } : { sub: userId };
    const accessToken = await this.jwt.signAsync(payload, { expiresIn: ttl });
    return { accessToken, expiresAt: new Date(Date.now() + ttl * 1000) };
  }

  /** The token's user, or null when the token is invalid, expired, or its user or session ended. */
  async verify(token: string): Promise<VerifiedAccessToken | null> {
    const payload = await this.claimsOf(token);
    if (!payload) return null;
    const sid = typeof payload.sid === 'string' ? payload.sid : undefined;
    const [user, live] = await Promise.all([
      this.users.findAuthUser(payload.sub),
      sid ? this.sessions.isLive(sid, payload.sub) : Promise.resolve(true),
    ]);
    if (!user || !live) return null;
    return {
      user: sid ? { ...user, sessionId: sid } : user,
      expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : null,
    };
  }

  /**
   * verify's user when the answer is at hand without waiting: the token was verified before, has not
   * expired, names no browser session (whose liveness is read every time) and its account is in the
   * instance's cache. Undefined when it cannot tell at once (then verify).
   */
  userNow(token: string): AuthUser | null | undefined {
    const known = this.verified.get(token);
    if (!known || typeof known.sid === 'string') return undefined;
    if (Math.floor(Date.now() / 1000) >= (known.exp ?? 0)) return undefined;
    return this.users.peekAuthUser(known.sub);
  }

  /** The token's claims when its signature and claims check out and it has not expired; else null. */
  private async claimsOf(token: string): Promise<TokenPayload | null> {
    const known = this.verified.get(token);
    if (known) {
      // jsonwebtoken's rule: expired once the clock reaches `exp` (seconds).
      if (Math.floor(Date.now() / 1000) < (known.exp ?? 0)) return known;
      this.verified.delete(token);
      return null;
    }
    let payload: TokenPayload;
    try {
      payload = await this.jwt.verifyAsync<TokenPayload>(token);
    } catch {
      return null;
    }
    // Every token this API issues expires; one without `exp` is checked in full each time.
    if (typeof payload.exp === 'number') this.verified.set(token, payload);
    return payload;
  }
}

/** The token of an `Authorization: Bearer <token>` value, or null. */
export function bearerToken(authorization: unknown): string | null {
  const match = typeof authorization === 'string' ? /^Bearer (\S+)$/i.exec(authorization) : null;
  return match ? match[1] : null;
}
