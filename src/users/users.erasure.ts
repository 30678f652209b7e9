import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** The name an erased account shows wherever people are listed by name. */
export const ERASED_DISPLAY_NAME = 'Erased person';

/** Erasure of an account (src/privacy-rights decides; this feature owns the users table). */
@Injectable()
export class UsersErasure {
  /** Locks the account; null when there is none. */
  async lockAccount(
    em: EntityManager,
    personId: string,
  ): Promise<{ id: string; erasedAt: Date | null; roles: string[] } | null> {
    const rows: { id: string; erased_at: Date | null; roles: string[] }[] = await em.query(
      'SELECT id, erased_at, roles FROM users WHERE id = $1 FOR UPDATE',
      [personId],
    );
    return rows[0] ? { id: rows[0].id, erasedAt: rows[0].erased_at, roles: rows[0].roles } : null;
  }

  /**
   * The row stays (applications, choices and round results keep counting it) without anything that
   * identifies the person: an e-mail nobody can own, a generic name, a password hash of a secret
   * nobody knows, no department; `erased_at` keeps it from ever authenticating again.
   */
  async anonymise(
    em: EntityManager,
    personId: string,
    unusablePasswordHash: string,
    now: Date,
  ): Promise<void> {
    await em.query(
      `UPDATE users SET email = 'erased-' || id || '@erased.invalid', display_name = $2,
              password_hash = $3, department_id = NULL, erased_at = $4
        WHERE id = $1`,
      [personId, ERASED_DISPLAY_NAME, unusablePasswordHash, now],
    );
  }
}
