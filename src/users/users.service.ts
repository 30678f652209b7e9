import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { PasswordHasher } from '../auth/password-hasher';
import { userListOrganisation } from '../access/access.policy';
import { AuthUser } from '../common/auth/auth-user';
import { TokenUserLookup } from '../common/auth/token-user-lookup';
import { TransactionRunner } from '../common/database/transaction';
import { InvalidFields } from '../common/errors/invalid-fields';
import { AppError } from '../common/errors/app-error';
import { decodeCursor, encodeCursor, invalidCursor } from '../common/graphql/pagination';
import { OrganisationsDirectory } from '../organisations/organisations.directory';
import { CreateUserInput } from './dto/create-user.input';
import { UserEntity } from './entities/user.entity';
import { UsersCache } from './users.cache';
import { SupervisorDirectoryArgs } from './dto/supervisor-directory.args';
import { UsersConnectionArgs } from './dto/users-connection.args';
import { UserConnectionModel } from './models/user.model';
import { SupervisorDirectoryModel } from './models/supervisor-directory.model';
import { UsersRepository } from './users.repository';
import { UserErrorReason } from './users.errors';
import { FieldCode } from '../common/errors/field-codes';

@Injectable()
export class UsersService implements TokenUserLookup {
  constructor(
    private readonly repo: UsersRepository,
    private readonly cache: UsersCache,
    private readonly organisations: OrganisationsDirectory,
    private readonly hasher: PasswordHasher,
    private readonly tx: TransactionRunner,
  ) {}

  /** The AuthUser of each cached account row (a row is replaced, never changed, when it is read again). */
  private readonly authUsers = new WeakMap<UserEntity, AuthUser>();

  /** Every request's authentication: the account from this instance's short-lived cache. */
  async findAuthUser(id: string): Promise<AuthUser | null> {
    const user = await this.cache.findById(id);
    return user ? this.authUserOf(user) : null;
  }

  /** findAuthUser's answer while the cache holds the account: no read, no promise. */
  peekAuthUser(id: string): AuthUser | null | undefined {
    const user = this.cache.peek(id);
    return user ? this.authUserOf(user) : undefined;
  }

  /** The same account row the guard authenticated the request with. */
  me(viewer: AuthUser): UserEntity | Promise<UserEntity> {
    return this.cache.peek(viewer.id) ?? this.cache.findById(viewer.id).then(signedIn);
  }

  /** An erased account never authenticates again, whatever token it held. One object per cached row. */
  private authUserOf(user: UserEntity): AuthUser | null {
    if (user.erasedAt) return null;
    let auth = this.authUsers.get(user);
    if (!auth) {
      auth = {
        id: user.id,
        email: user.email,
        organisationId: user.organisationId,
        departmentId: user.departmentId,
        roles: user.roles,
      };
      this.authUsers.set(user, auth);
    }
    return auth;
  }

  /** HR lists their own organisation; admins any (or all). Others of another organisation look absent. */
  list(viewer: AuthUser, organisationId?: string | null): Promise<UserEntity[]> {
    const listed = userListOrganisation(viewer, organisationId);
    return listed === undefined ? Promise.resolve([]) : this.repo.listOfOrganisation(listed);
  }

  /** The same people as `list`, as keyset pages by display name (then id). */
  async page(viewer: AuthUser, args: UsersConnectionArgs): Promise<UserConnectionModel> {
    const after = args.after ? decodeCursor(args.after, USERS_ORDER, 2) : null;
    if (after && !isUUID(after[1])) throw invalidCursor();
    const listed = userListOrganisation(viewer, args.organisationId);
    if (listed === undefined)
      return {
        edges: [],
        pageInfo: { hasNextPage: false, endCursor: null },
        count: () => Promise.resolve(0),
      };
    const { rows, hasNextPage } = await this.repo.pageOfOrganisation(
      listed,
      args.first,
      after ? [after[0], after[1]] : null,
    );
    const edges = rows.map((user) => ({
      cursor: encodeCursor(USERS_ORDER, [user.displayName, user.id]),
      node: user,
    }));
    return {
      edges,
      pageInfo: { hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
      count: () => this.repo.countOfOrganisation(listed),
    };
  }

  async create(input: CreateUserInput): Promise<UserEntity> {
    // The declared constraints and the organisation checks answer together, in one BAD_USER_INPUT.
    const invalid = InvalidFields.of(input);
    // A password its constraints refused is not hashed: the answer below refuses it anyway.
    const passwordHash = invalid.has('password') ? '' : await this.hasher.hash(input.password);
    return this.tx.run(async (em) => {
      const org = await this.organisations.findOrganisationForUpdate(input.organisationId, em);
      if (!org) {
        invalid.add(
          [{ field: 'organisationId', message: 'no such organisation', code: FieldCode.UNKNOWN_REFERENCE }],
          undefined,
          'Unknown organisation',
        );
        return invalid.throwNow();
      }
      if (input.departmentId) {
        const [dept] = await this.organisations.findDepartmentsByIds([input.departmentId]);
        if (!dept || dept.organisationId !== org.id) {
          invalid.add(
            [
              {
                field: 'departmentId',
                message: `no such department in ${org.name}`,
                code: FieldCode.UNKNOWN_REFERENCE,
              },
            ],
            undefined,
            'Unknown department',
          );
        }
      }
      invalid.throwIfAny();
      if (await this.repo.emailTaken(input.email, em)) {
        throw AppError.conflict('A user with this e-mail exists', UserErrorReason.EMAIL_TAKEN);
      }
      return this.repo.insert(
        {
          email: input.email,
          displayName: input.displayName,
          passwordHash,
          organisationId: org.id,
          departmentId: input.departmentId ?? null,
          roles: input.roles,
        },
        em,
      );
    });
  }

  /**
   * The supervisor directory (the resolver admits supervisors and HR): every supervisor of the
   * consortium by name, organisation and department, for inviting a co-supervisor. Paginated by name.
   */
  async supervisorDirectory(
    viewer: AuthUser,
    args: SupervisorDirectoryArgs,
  ): Promise<SupervisorDirectoryModel> {
    const filter = {
      words: (args.search ?? '').split(/\s+/).filter((w) => w.length > 0),
      organisationId: args.organisationId ?? null,
      excludeOrganisationId: args.partnersOnly ? viewer.organisationId : null,
    };
    const after = args.after ? decodeCursor(args.after, DIRECTORY_ORDER, 2) : null;
    if (after && !isUUID(after[1])) throw invalidCursor();
    const { rows, hasNextPage } = await this.repo.findSupervisorsPage(
      filter,
      args.first,
      after ? [after[0], after[1]] : null,
    );
    const edges = rows.map(({ user, sortName }) => ({
      cursor: encodeCursor(DIRECTORY_ORDER, [sortName, user.id]),
      node: {
        id: user.id,
        displayName: user.displayName,
        organisationId: user.organisationId,
        departmentId: user.departmentId,
      },
    }));
    return {
      edges,
      pageInfo: { hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
      count: () => this.repo.countSupervisors(filter),
    };
  }
}

const DIRECTORY_ORDER = 'SUPERVISOR_NAME';
const USERS_ORDER = 'USERS_NAME';

function signedIn(user: UserEntity | null): UserEntity {
  if (!user) throw AppError.unauthenticated();
  return user;
}
