import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { UserRole } from '../../src/core/domain/enums';
import { OrganisationEntity } from '../../src/organisations/entities/organisation.entity';
import { UserEntity } from '../../src/users/entities/user.entity';
import { UsersService } from '../../src/users/users.service';
import { TestApp } from '../utils/test-app';

export const FACTORY_PASSWORD = 'factory-password-123';

export interface CreatedUser {
  user: UserEntity;
  /** Access token, logged in through the API. */
  token: string;
}

/**
 * A user persisted through the real UsersService, then logged in.
 * `organisation` is an organisation code of the demo seed (LUMC, LEIDEN_UNIV, JANSSEN) or an id.
 */
export async function aUser(
  t: TestApp,
  opts: { roles?: UserRole[]; organisation?: string; displayName?: string } = {},
): Promise<CreatedUser> {
  const orgId = await organisationId(t.dataSource, opts.organisation ?? 'LUMC');
  const email = `user-${randomBytes(5).toString('hex')}@example.test`;
  const user = await t.app.get(UsersService).create({
    email,
    displayName: opts.displayName ?? `Test ${email.slice(5, 10)}`,
    password: FACTORY_PASSWORD,
    organisationId: orgId,
    roles: opts.roles ?? [UserRole.CANDIDATE],
  });
  return { user, token: await t.login(email, FACTORY_PASSWORD) };
}

export async function organisationId(ds: DataSource, codeOrId: string): Promise<string> {
  const org = await ds.getRepository(OrganisationEntity).findOne({
    where: /^[0-9a-f-]{36}$/.test(codeOrId) ? { id: codeOrId } : { code: codeOrId },
  });
  if (!org) throw new Error(`no organisation ${codeOrId}: create the app with { seed: true }`);
  return org.id;
}
