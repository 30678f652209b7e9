import { MigrationInterface, QueryRunner } from 'typeorm';

interface SeedPurpose {
  code: string;
  name: string;
  description: string;
  lawfulBasis: 'CONTRACT' | 'LEGITIMATE_INTEREST' | 'CONSENT' | 'LEGAL_OBLIGATION';
  dataCategories: string[];
  retention: string;
  consentText?: string;
}

/** The consent text version of the three optional purposes as first registered. */
const FIRST_CONSENT_VERSION = '2026-12';

/** The register of processing as the exchange does it on the day this migration landed (docs/privacy.md). */
const PURPOSES: SeedPurpose[] = [
  {
    code: 'ACCOUNT',
    name: 'Account and sign-in',
    description:
      'Your account at the exchange: who you are, your organisation and department, your roles, and your sign-in sessions.',
    lawfulBasis: 'CONTRACT',
    dataCategories: [
      'identity (name, e-mail)',
      'organisation, department and roles',
      'password hash',
      'sign-in sessions',
    ],
    retention: 'As long as the account exists; ended sessions 30 days',
  },
  {
    code: 'COMPETENCE_PROFILE',
    name: 'Competence profile and future roles',
    description:
      'Your competence profile (career stage, headline, languages, availability), the assessments of your competences, the roles you aim at and their gap analysis.',
    lawfulBasis: 'CONTRACT',
    dataCategories: ['profile', 'competence assessments with their history', 'target roles and gaps'],
    retention: 'As long as the account exists',
  },
  {
    code: 'APPLICATIONS_AND_PLACEMENTS',
    name: 'Applications, offers and placements',
    description:
      'Applying to opportunities, their review by the host, offers and their answers, placements and the evidence assessed after them. The host sees what the application needs.',
    lawfulBasis: 'CONTRACT',
    dataCategories: [
      'applications and motivations',
      'application history (who, when, why)',
      'offers and placements',
    ],
    retention: 'As long as the account exists',
  },
  {
    code: 'ALLOCATION_ROUNDS',
    name: 'Allocation rounds',
    description:
      'Your ranked choices in a round, the hosts’ rankings of applicants, and the stored inputs and results of allocation runs, so that each outcome can be explained and reproduced.',
    lawfulBasis: 'CONTRACT',
    dataCategories: ['round choices', 'rankings', 'allocation inputs and results'],
    retention: 'As long as the round exists',
  },
  {
    code: 'RECOMMENDATIONS',
    name: 'Recommendations and matching',
    description:
      'The fit score: opportunities recommended to you, and candidates suggested to hosts and HR (your own organisation’s HR, or anyone when you are findable). Suggestions support people’s decisions; people decide.',
    lawfulBasis: 'LEGITIMATE_INTEREST',
    dataCategories: ['competence levels', 'career stage', 'languages and availability', 'target roles'],
    retention: 'Computed when asked; not stored',
  },
  {
    code: 'ORGANISATION_ANALYTICS',
    name: 'Analytics of your own organisation',
    description:
      'Aggregate reports for HR of your organisation (readiness for roles, competence coverage, placements, round statistics), with small counts hidden.',
    lawfulBasis: 'LEGITIMATE_INTEREST',
    dataCategories: ['competence levels', 'target roles', 'placements', 'round outcomes'],
    retention: 'Computed when asked; not stored',
  },
  {
    code: 'NOTIFICATIONS',
    name: 'Notifications',
    description: 'Messages about your applications, offers, rounds and requests.',
    lawfulBasis: 'CONTRACT',
    dataCategories: ['notifications'],
    retention: 'As long as the account exists',
  },
  {
    code: 'AUDIT_TRAIL',
    name: 'Audit of reads and of data protection requests',
    description:
      'Who read your personal data (HR and admins) and every use of your data protection rights, so that access can be accounted for.',
    lawfulBasis: 'LEGAL_OBLIGATION',
    dataCategories: [
      'reads of personal data (reader, organisation, role, time)',
      'consents, restrictions, corrections and contests',
    ],
    retention:
      'Reads: PERSONAL_DATA_READS_RETENTION_DAYS (365 days by default); requests: as long as the account exists',
  },
  {
    code: 'FINDABLE_PROFILE',
    name: 'Findable for partners',
    description:
      'Supervisors and HR of the partner organisations can find your profile (findableProfiles) and suggest you for their opportunities, also after a call has ended.',
    lawfulBasis: 'CONSENT',
    dataCategories: ['name', 'organisation', 'profile', 'effective competence levels'],
    retention: 'Until you withdraw consent',
    consentText:
      'I want supervisors and HR of the partner organisations to find my profile (name, organisation, career stage, headline, languages, availability and competence levels) and to suggest me for their opportunities, also outside a call. I can withdraw this at any time; then my profile is private again at once.',
  },
  {
    code: 'TALENT_PROFILE_CONSORTIUM',
    name: 'Talent profile visible consortium-wide',
    description:
      'Supervisors and HR of the partner organisations can read your talent profile: your competences, the roles you aim at and your gaps.',
    lawfulBasis: 'CONSENT',
    dataCategories: ['competence levels', 'target roles and gaps'],
    retention: 'Until you withdraw consent',
    consentText:
      'I want supervisors and HR of the partner organisations to read my talent profile: my competences, the roles I aim at and my gaps. I can withdraw this at any time; then only I, HR of my organisation and admins can read it.',
  },
  {
    code: 'CONSORTIUM_ANALYTICS',
    name: 'Consortium-wide analytics',
    description:
      'Being counted in the aggregate reports HR of every partner organisation sees about the whole consortium (beyond what the exchange itself needs). Small counts stay hidden.',
    lawfulBasis: 'CONSENT',
    dataCategories: ['competence levels', 'target roles', 'placements'],
    retention: 'Until you withdraw consent',
    consentText:
      'I agree that my competence levels, target roles and placements are counted in reports about the whole consortium that HR of every partner organisation sees. Only counts are shown, small counts hidden. I can withdraw this at any time.',
  },
];

/**
 * The register of processing (seeded with the real purposes, so production has it), consents to the
 * optional purposes, and the audit trail of uses of data protection rights (privacy_actions). People
 * whose profile was findable (CONSORTIUM) before this migration chose that themselves through their
 * visibility: they get a FINDABLE_PROFILE consent in version 'visibility-setting', dated when their
 * profile last changed, so that what the exchange does and what the records say agree.
 */

export class PrivacyRegisterConsents1795830000000 implements MigrationInterface {
  name = 'PrivacyRegisterConsents1795830000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "privacy_actions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "subject_id" uuid, "actor_id" uuid NOT NULL, "actor_organisation_id" uuid NOT NULL, "actor_roles" text array NOT NULL, "action" text NOT NULL, "detail" jsonb NOT NULL DEFAULT '{}', "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_93124fdd82115117bd8ae80acc1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_privacy_actions_actor" ON "privacy_actions"  ("actor_id", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_privacy_actions_subject" ON "privacy_actions"  ("subject_id", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "processing_purposes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" text NOT NULL, "name" text NOT NULL, "description" text NOT NULL, "lawful_basis" text NOT NULL, "data_categories" text array NOT NULL, "retention" text NOT NULL, "consent_text" text, "consent_text_version" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_7495e077b9f296139cef46e12d4" UNIQUE ("code"), CONSTRAINT "ck_processing_purposes_consent_text" CHECK ("lawful_basis" <> 'CONSENT' OR ("consent_text" IS NOT NULL AND "consent_text_version" IS NOT NULL)), CONSTRAINT "ck_processing_purposes_lawful_basis" CHECK ("lawful_basis" IN ('CONTRACT', 'LEGITIMATE_INTEREST', 'CONSENT', 'LEGAL_OBLIGATION')), CONSTRAINT "PK_7881c0009f76f3e379791d1330f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "consents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "purpose_id" uuid NOT NULL, "text_version" text NOT NULL, "given_at" TIMESTAMP WITH TIME ZONE NOT NULL, "withdrawn_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_9efc68eb6aba7d638fb6ea034dd" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_consents_live" ON "consents"  ("person_id", "purpose_id") WHERE "withdrawn_at" IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX "ix_consents_person" ON "consents"  ("person_id", "given_at") `);
    await queryRunner.query(
      `ALTER TABLE "consents" ADD CONSTRAINT "fk_consents_person" FOREIGN KEY ("person_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "consents" ADD CONSTRAINT "fk_consents_purpose" FOREIGN KEY ("purpose_id") REFERENCES "processing_purposes"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    for (const p of PURPOSES) {
      await queryRunner.query(
        `INSERT INTO "processing_purposes" ("code", "name", "description", "lawful_basis", "data_categories", "retention", "consent_text", "consent_text_version")
                 VALUES ($1, $2, $3, $4, $5::text[], $6, $7, $8)`,
        [
          p.code,
          p.name,
          p.description,
          p.lawfulBasis,
          p.dataCategories,
          p.retention,
          p.consentText ?? null,
          p.consentText ? FIRST_CONSENT_VERSION : null,
        ],
      );
    }
    await queryRunner.query(
      `INSERT INTO "consents" ("person_id", "purpose_id", "text_version", "given_at")
             SELECT pr.user_id, pp.id, 'visibility-setting', pr.updated_at
               FROM "profiles" pr JOIN "processing_purposes" pp ON pp.code = 'FINDABLE_PROFILE'
              WHERE pr.visibility = 'CONSORTIUM'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "consents" DROP CONSTRAINT "fk_consents_purpose"`);
    await queryRunner.query(`ALTER TABLE "consents" DROP CONSTRAINT "fk_consents_person"`);
    await queryRunner.query(`DROP INDEX "public"."ix_consents_person"`);
    await queryRunner.query(`DROP INDEX "public"."uq_consents_live"`);
    await queryRunner.query(`DROP TABLE "consents"`);
    await queryRunner.query(`DROP TABLE "processing_purposes"`);
    await queryRunner.query(`DROP INDEX "public"."ix_privacy_actions_subject"`);
    await queryRunner.query(`DROP INDEX "public"."ix_privacy_actions_actor"`);
    await queryRunner.query(`DROP TABLE "privacy_actions"`);
  }
}
