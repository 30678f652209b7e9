import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { UserEntity } from './entities/user.entity';
import { UsersRepository } from './users.repository';

/**
 * What other features may read or write of the users table (issue 11): they call this, never
 * UsersRepository. Methods take the caller's EntityManager where they run inside its transaction.
 */
@Injectable()
export class UsersDirectory {
  constructor(private readonly repo: UsersRepository) {}

  findById(id: string): Promise<UserEntity | null> {
    return this.repo.findById(id);
  }

  findByIds(ids: readonly string[]): Promise<UserEntity[]> {
    return this.repo.findByIds(ids);
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
