import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import argon2 from 'argon2';
import { Env } from '../config/env.schema';
import { hashPassword, PasswordHashProfile } from './password-hashing';

/** argon2id hashing with the configured cost profile; verification reads the cost from the hash. */
@Injectable()
export class PasswordHasher {
  private readonly profile: PasswordHashProfile;
  /** Verified when the e-mail is unknown, so that both failures take as long. */
  private readonly decoy: Promise<string>;

  constructor(config: ConfigService<Env, true>) {
    this.profile = config.get('PASSWORD_HASH_PROFILE', { infer: true });
    this.decoy = hashPassword('decoy-password-never-used', this.profile);
  }

  hash(password: string): Promise<string> {
    return hashPassword(password, this.profile);
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    if (!hash) {
      await argon2.verify(await this.decoy, password);
      return false;
    }
    return argon2.verify(hash, password);
  }
}
