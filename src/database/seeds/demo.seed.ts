import { DataSource } from 'typeorm';
import { hashPassword, PasswordHashProfile } from '../../auth/password-hashing';
import { DepartmentEntity } from '../../organisations/entities/department.entity';
import { OrganisationEntity } from '../../organisations/entities/organisation.entity';
import { UserEntity } from '../../users/entities/user.entity';
import { seedCompetenceFramework } from './competence-framework';
import { DEMO_ACCOUNTS, DEMO_ORGANISATIONS, DEMO_PASSWORD } from './demo-accounts';
import { seedDemoApplications } from './demo-applications';
import { seedDemoOpportunities } from './demo-opportunities';
import { seedDemoRoles, seedDemoTargetRoles } from './demo-roles';
import { createRng, DemoSeedContext, seedDemoPeople } from './demo-people';

export interface SeedDemoOptions {
  /**
   * The living consortium: about 150 people with profiles and assessments, opportunities,
   * applications in every state with their histories, rankings and notifications. Default true
   * (what a first start loads); false stops after organisations, the competence framework and the
   * README's demo accounts (the clean slate most e2e tests build on).
   */
  population?: boolean;
  /** Cost of the one demo password hash; tests pass FAST. */
  hashProfile?: PasswordHashProfile;
}

/**
 * Loads the fictional demo consortium into an empty database, in one transaction.
 * Returns false (and changes nothing) when organisations exist already.
 */
export async function seedDemoData(dataSource: DataSource, opts: SeedDemoOptions = {}): Promise<boolean> {
  const passwordHash = await hashPassword(DEMO_PASSWORD, opts.hashProfile);
  return dataSource.transaction(async (em) => {
    // Serialise concurrent first starts of several instances.
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['talent-exchange:demo-seed']);
    if ((await em.count(OrganisationEntity)) > 0) return false;

    const orgIds = new Map<string, string>();
    const deptIds = new Map<string, string>();
    for (const o of DEMO_ORGANISATIONS) {
      const org = await em.save(em.create(OrganisationEntity, { code: o.code, name: o.name }));
      orgIds.set(o.code, org.id);
      const depts = await em.save(
        o.departments.map((name) => em.create(DepartmentEntity, { organisationId: org.id, name })),
      );
      for (const d of depts) deptIds.set(`${o.code}/${d.name}`, d.id);
    }
    await seedCompetenceFramework(em);
    await seedDemoRoles(em, orgIds);
    const accounts = await em.save(
      DEMO_ACCOUNTS.map((a) =>
        em.create(UserEntity, {
          email: a.email,
          displayName: a.displayName,
          passwordHash,
          organisationId: orgIds.get(a.organisationCode),
          departmentId: a.department ? deptIds.get(`${a.organisationCode}/${a.department}`) : null,
          roles: a.roles,
        }),
      ),
    );
    if (opts.population === false) return true;

    const ctx: DemoSeedContext = {
      now: new Date(),
      passwordHash,
      organisationIds: orgIds,
      departmentIds: deptIds,
      accountIds: new Map(accounts.map((a) => [a.email, a.id])),
    };
    const people = await seedDemoPeople(em, ctx);
    await seedDemoOpportunities(em, { ...ctx, people });
    await seedDemoApplications(em, { ...ctx, people });
    await seedDemoTargetRoles(em, people.people, createRng(0x7a26_e7));
    return true;
  });
}
