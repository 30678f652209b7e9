import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { AccessTokens } from '../../../src/common/auth/access-tokens';
import { AuthUser } from '../../../src/common/auth/auth-user';
import { SessionCheck } from '../../../src/common/auth/session-check';
import { TokenUserLookup } from '../../../src/common/auth/token-user-lookup';
import { UserRole } from '../../../src/core/domain/enums';

const USER: AuthUser = {
  id: '7a1c3b9e-0000-4000-8000-000000000001',
  email: 'someone@lumc.test',
  organisationId: '7a1c3b9e-0000-4000-8000-0000000000aa',
  departmentId: null,
  roles: [UserRole.CANDIDATE],
};

class OneUser extends TokenUserLookup {
  findAuthUser(id: string): Promise<AuthUser | null> {
    return Promise.resolve(id === USER.id ? USER : null);
  }
}

class LiveSessions extends SessionCheck {
  readonly ended = new Set<string>();
  isLive(sessionId: string): Promise<boolean> {
    return Promise.resolve(!this.ended.has(sessionId));
  }
}

function tokens(ttlSeconds = 900) {
  const key = createSecretKey(Buffer.from('a test secret of thirty-two chars!', 'utf8'));
  const jwt = new JwtService({
    secretOrKeyProvider: () => key,
    signOptions: { algorithm: 'HS256', issuer: 'talent-exchange' },
    verifyOptions: { algorithms: ['HS256'], issuer: 'talent-exchange' },
  });
  const config = new ConfigService({ JWT_TTL_SECONDS: ttlSeconds });
  const sessions = new LiveSessions();
  return { jwt, sessions, tokens: new AccessTokens(jwt, new OneUser(), sessions, config as never) };
}

describe('AccessTokens.verify', () => {
  afterEach(() => jest.restoreAllMocks());

  it('checks a token signature once, then recognises the same token without checking it again', async () => {
    const { jwt, tokens: t } = tokens();
    const { accessToken } = await t.issue(USER.id);
    const verifySpy = jest.spyOn(jwt, 'verifyAsync');
    expect((await t.verify(accessToken))?.user.id).toBe(USER.id);
    expect((await t.verify(accessToken))?.user.id).toBe(USER.id);
    expect(verifySpy).toHaveBeenCalledTimes(1);
  });

  it('refuses a remembered token once it has expired', async () => {
    const clock = jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-12-03T10:00:00Z'));
    const { tokens: t } = tokens(60);
    const { accessToken } = await t.issue(USER.id);
    expect(await t.verify(accessToken)).not.toBeNull();
    clock.mockReturnValue(Date.parse('2026-12-03T10:01:00Z'));
    expect(await t.verify(accessToken)).toBeNull();
  });

  it('refuses a token that differs from a remembered one in its signature', async () => {
    const { tokens: t } = tokens();
    const { accessToken } = await t.issue(USER.id);
    expect(await t.verify(accessToken)).not.toBeNull();
    const last = accessToken.at(-2) === 'A' ? 'B' : 'A';
    const forged = `${accessToken.slice(0, -2)}${last}${accessToken.at(-1)}`;
    expect(await t.verify(forged)).toBeNull();
  });

  it('still ends a remembered session-bound token when its session ends', async () => {
    const { sessions, tokens: t } = tokens();
    const { accessToken } = await t.issue(USER.id, 'session-1');
    expect(await t.verify(accessToken)).not.toBeNull();
    sessions.ended.add('session-1');
    expect(await t.verify(accessToken)).toBeNull();
  });
});
