import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository, SelectQueryBuilder } from 'typeorm';
import { containsPattern } from '../common/database/like-pattern';
import { UserRole } from '../core/domain/enums';
import { UserEntity } from './entities/user.entity';

@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  findById(id: string, em?: EntityManager): Promise<UserEntity | null> {
    return (em ? em.getRepository(UserEntity) : this.users).findOneBy({ id });
  }

  findByIds(ids: readonly string[]): Promise<UserEntity[]> {
    return this.users.findBy({ id: In([...ids]) });
  }

  /** The only reads that include the password hash (sign-in and change password). */
  findWithPasswordHashByEmail(email: string): Promise<UserEntity | null> {
    return this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: email.toLowerCase() })
      .getOne();
  }

  findWithPasswordHashById(id: string): Promise<UserEntity | null> {
    return this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.id = :id', { id })
      .getOne();
  }

  async updatePasswordHash(id: string, passwordHash: string, em: EntityManager): Promise<void> {
    await em.getRepository(UserEntity).update({ id }, { passwordHash });
  }

  /** The HR staff of an organisation, by id (one statement). */
  async hrOf(organisationId: string, em: EntityManager): Promise<string[]> {
    const rows = await em.query<{ id: string }[]>(
      `SELECT id FROM users WHERE organisation_id = $1 AND 'HR' = ANY(roles) ORDER BY id`,
      [organisationId],
    );
    return rows.map((r) => r.id);
  }

  /** Whether the account exists and holds the role (one statement). */
  async hasRole(id: string, role: UserRole, em?: EntityManager): Promise<boolean> {
    const rows = await (em ?? this.users.manager).query<{ id: string }[]>(
      `SELECT id FROM users WHERE id = $1 AND $2 = ANY(roles)`,
      [id, role],
    );
    return rows.length > 0;
  }

  /** Id, display name and organisation of the accounts that exist (one statement, ids as one array). */
  async summariesOf(
    ids: readonly string[],
    em?: EntityManager,
  ): Promise<{ id: string; displayName: string; organisationId: string }[]> {
    if (ids.length === 0) return [];
    const rows = await (em ?? this.users.manager).query<
      { id: string; display_name: string; organisation_id: string }[]
    >(`SELECT id, display_name, organisation_id FROM users WHERE id = ANY($1::uuid[])`, [[...new Set(ids)]]);
    return rows.map((r) => ({ id: r.id, displayName: r.display_name, organisationId: r.organisation_id }));
  }

  /** Account id -> organisation id, of those that exist (one statement, ids as one array). */
  async organisationsOf(ids: readonly string[], em?: EntityManager): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await (em ?? this.users.manager).query<{ id: string; organisation_id: string }[]>(
      `SELECT id, organisation_id FROM users WHERE id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    );
    return new Map(rows.map((u) => [u.id, u.organisation_id]));
  }

  /** Locks the account row until the transaction ends (one statement). */
  async lockAccount(id: string, em: EntityManager): Promise<void> {
    await em.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [id]);
  }

  listOfOrganisation(organisationId: string | null): Promise<UserEntity[]> {
    return this.users.find({
      where: organisationId ? { organisationId } : {},
      order: { displayName: 'ASC' },
    });
  }

  /**
   * A page of an organisation's accounts (all organisations' when null) by display name, then id,
   * after the keyset `after` ([display name, id]): the index users(organisation_id, display_name, id),
   * or users(display_name, id) for all. One row more than `first` tells whether another page follows.
   */
  async pageOfOrganisation(
    organisationId: string | null,
    first: number,
    after: readonly [string, string] | null,
  ): Promise<{ rows: UserEntity[]; hasNextPage: boolean }> {
    const qb = this.users
      .createQueryBuilder('u')
      .orderBy('u.display_name', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .limit(first + 1);
    if (organisationId) qb.where('u.organisation_id = :organisationId', { organisationId });
    if (after) qb.andWhere('(u.display_name, u.id) > (:name, :id::uuid)', { name: after[0], id: after[1] });
    const rows = await qb.getMany();
    return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
  }

  countOfOrganisation(organisationId: string | null): Promise<number> {
    return this.users.countBy(organisationId ? { organisationId } : {});
  }

  emailTaken(email: string, em: EntityManager): Promise<boolean> {
    return em.getRepository(UserEntity).existsBy({ email: email.toLowerCase() });
  }

  insert(
    values: Omit<UserEntity, 'id' | 'createdAt' | 'updatedAt' | 'erasedAt'>,
    em: EntityManager,
  ): Promise<UserEntity> {
    const repo = em.getRepository(UserEntity);
    return repo.save(repo.create({ ...values, email: values.email.toLowerCase() }));
  }

  /**
   * A page of the supervisor directory, by name (case-insensitive) then id, after the keyset `after`
   * ([lower-case name, id]); one row more than `first` tells whether another page follows.
   */
  async findSupervisorsPage(
    filter: SupervisorFilter,
    first: number,
    after: readonly [string, string] | null,
  ): Promise<{ rows: { user: UserEntity; sortName: string }[]; hasNextPage: boolean }> {
    const qb = this.supervisors(filter)
      .addSelect('lower(u.display_name)', 'sort_name')
      .orderBy('sort_name', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .limit(first + 1);
    if (after) qb.andWhere('(lower(u.display_name), u.id) > (:name, :id)', { name: after[0], id: after[1] });
    const { entities, raw } = await qb.getRawAndEntities<{ sort_name: string }>();
    const rows = entities.map((user, i) => ({ user, sortName: raw[i].sort_name }));
    return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
  }

  countSupervisors(filter: SupervisorFilter): Promise<number> {
    return this.supervisors(filter).getCount();
  }

  private supervisors(filter: SupervisorFilter): SelectQueryBuilder<UserEntity> {
    const qb = this.users
      .createQueryBuilder('u')
      .where(':supervisor = ANY(u.roles)', { supervisor: UserRole.SUPERVISOR });
    filter.words.forEach((word, i) =>
      qb.andWhere(`u.display_name ILIKE :word${i}`, { [`word${i}`]: containsPattern(word) }),
    );
    if (filter.organisationId) qb.andWhere('u.organisation_id = :org', { org: filter.organisationId });
    if (filter.excludeOrganisationId)
      qb.andWhere('u.organisation_id <> :notOrg', { notOrg: filter.excludeOrganisationId });
    return qb;
  }
}

export interface SupervisorFilter {
  /** Each must occur in the name. */
  words: string[];
  organisationId?: string | null;
  excludeOrganisationId?: string | null;
}
