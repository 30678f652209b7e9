import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { UserEntity } from './entities/user.entity';
import { UserRole } from '../core/domain/enums';
import { UsersRepository } from './users.repository';

/** An account's id, display name and organisation. */
export interface PersonSummaryRow {
  id: string;
  displayName: string;
  organisationId: string;
}

/**
 * What other features may read or write of the users table (issue 11): they call this, never
 * UsersRepository. Methods take the caller's EntityManager where they run inside its transaction.
 */
@Injectable()
export class UsersDirectory {
  constructor(private readonly repo: UsersRepository) {}

  /** The account, in the caller's transaction when given. */
  findById(id: string, em?: EntityManager): Promise<UserEntity | null> {
    return this.repo.findById(id, em);
  }

  findByIds(ids: readonly string[]): Promise<UserEntity[]> {
    return this.repo.findByIds(ids);
  }

  /** Whether the account exists and holds the role, in the caller's transaction when given. */
  hasRole(id: string, role: UserRole, em?: EntityManager): Promise<boolean> {
    return this.repo.hasRole(id, role, em);
  }

  /**
   * Id, display name and organisation of those accounts that exist (one statement; the ids travel as
   * one array parameter, so a round's hundreds of thousands fit), in the caller's transaction when given.
   */
  summariesOf(ids: readonly string[], em?: EntityManager): Promise<PersonSummaryRow[]> {
    return this.repo.summariesOf(ids, em);
  }

  /** Account id -> organisation id, of those that exist (one statement, ids as one array parameter). */
  organisationsOf(ids: readonly string[], em?: EntityManager): Promise<Map<string, string>> {
    return this.repo.organisationsOf(ids, em);
  }

  /** Account id -> display name as stored (an anonymised account's reads "Erased person"), of those that exist. */
  async displayNamesOf(ids: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.repo.summariesOf(ids);
    return new Map(rows.map((r) => [r.id, r.displayName]));
  }

  /** For signing in and changing a password (src/auth); the only reads that carry the hash. */
  findWithPasswordHashByEmail(email: string): Promise<UserEntity | null> {
    return this.repo.findWithPasswordHashByEmail(email);
  }

  findWithPasswordHashById(id: string): Promise<UserEntity | null> {
    return this.repo.findWithPasswordHashById(id);
  }

  /** The HR staff of an organisation (to notify them), in the caller's transaction. */
  hrOf(organisationId: string, em: EntityManager): Promise<string[]> {
    return this.repo.hrOf(organisationId, em);
  }

  /**
   * Locks the person's account row until the caller's transaction ends: serialises one person's
   * changes where a cap or a single row in force is at stake (restrictions, target roles, share links).
   */
  lockAccount(personId: string, em: EntityManager): Promise<void> {
    return this.repo.lockAccount(personId, em);
  }

  updatePasswordHash(id: string, passwordHash: string, em: EntityManager): Promise<void> {
    return this.repo.updatePasswordHash(id, passwordHash, em);
  }
}
