import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { AppError } from '../common/errors/app-error';
import { Env } from '../config/env.schema';
import { UsersRepository } from '../users/users.repository';
import { LoginPayloadModel } from './models/login-payload.model';
import { PasswordHasher } from './password-hasher';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly config: ConfigService<Env, true>,
  ) {}

  /** Unknown e-mail and wrong password give the same answer, in about the same time. */
  async login(email: string, password: string): Promise<LoginPayloadModel> {
    const found = await this.users.findWithPasswordHashByEmail(email);
    const ok = await this.hasher.verify(found?.passwordHash ?? null, password);
    if (!found || !ok) throw AppError.unauthenticated('Wrong e-mail or password');
    const { passwordHash: _hidden, ...user } = found;
    const ttl = this.config.get('JWT_TTL_SECONDS', { infer: true });
    const accessToken = await this.jwt.signAsync({ sub: user.id }, { expiresIn: ttl });
    return { accessToken, expiresAt: new Date(Date.now() + ttl * 1000), user };
  }
}
