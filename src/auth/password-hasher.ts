import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';

/** argon2id with the library's defaults (OWASP-compliant memory and time cost). */
@Injectable()
export class PasswordHasher {
  /** Verified when the e-mail is unknown, so that both failures take as long. */
  private readonly decoy = argon2.hash('decoy-password-never-used');

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    if (!hash) {
      await argon2.verify(await this.decoy, password);
      return false;
    }
    return argon2.verify(hash, password);
  }
}
