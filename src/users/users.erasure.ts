import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuthUser } from '../common/auth/auth-user';
import { UserRole } from '../core/domain/enums';

export interface LockedAccount {
  erasedAt: Date | null;
  /** The account as the auth guard would see it (for records written in the person's name). */
  user: AuthUser;
}

/** The name an erased account shows wherever people are listed by name. */
export const ERASED_DISPLAY_NAME = 'Erased person';

/** Erasure of an account (src/privacy-rights decides; this feature owns the users table). */
@Injectable()
export class UsersErasure {
  /** Locks the account; null when there is none. */
  async lockAccount(em: EntityManager, personId: string): Promise<LockedAccount | null> {
    const rows: {
      id: string;
      email: string;
      organisation_id: string;
      department_id: string | null;
      erased_at: Date | null;
      roles: UserRole[];
    }[] = await em.query(
      'SELECT id, email, organisation_id, department_id, erased_at, roles FROM users WHERE id = $1 FOR UPDATE',
      [personId],
    );
    const r = rows[0];
    return r
      ? {
          erasedAt: r.erased_at,
          user: {
            id: r.id,
            email: r.email,
            organisationId: r.organisation_id,
            departmentId: r.department_id,
            roles: r.roles,
          },
        }
      : null;
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
