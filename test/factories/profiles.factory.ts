import { DataSource } from 'typeorm';
import { TransactionRunner } from '../../src/common/database/transaction';
import { CompetenceEntity } from '../../src/competences/entities/competence.entity';
import { AssessmentSource, CareerStage, ResearchLevel, Visibility } from '../../src/core/domain/enums';
import { ProfilesService } from '../../src/profiles/profiles.service';
import { CreatedUser } from './users.factory';
import { TestApp } from '../utils/test-app';

export interface ProfileFields {
  careerStage?: CareerStage | null;
  researchLevel?: ResearchLevel | null;
  headline?: string | null;
  visibility?: Visibility;
  languages?: { code: string; level: string }[];
  availability?: { start: string; end: string }[];
}

const UPDATE_MY_PROFILE = `mutation($input: UpdateProfileInput!) {
  updateMyProfile(input: $input) { userId visibility careerStage }
}`;

/** Saves the signed-in user's profile through the API (defaults: a PRIVATE master student). */
export async function withProfile(t: TestApp, token: string, fields: ProfileFields = {}): Promise<void> {
  const res = await t.gql(
    UPDATE_MY_PROFILE,
    { input: { careerStage: CareerStage.MASTER_STUDENT, visibility: Visibility.PRIVATE, ...fields } },
    token,
  );
  if (res.errors) throw new Error(`withProfile failed: ${JSON.stringify(res.errors)}`);
}

/** The id of a competence of the seeded framework, by code. */
export async function competenceId(ds: DataSource, code: string): Promise<string> {
  const competence = await ds.getRepository(CompetenceEntity).findOneBy({ code });
  if (!competence) throw new Error(`no competence ${code}: create the app with { seed: true }`);
  return competence.id;
}

export interface AssessmentSpec {
  /** A competence code of the seed (DOM_BIOINFORMATICS) or an id. */
  competence: string;
  level: number;
  /** SELF (default) through selfAssess; EVIDENCE through ProfilesService.recordEvidence. */
  source?: AssessmentSource.SELF | AssessmentSource.EVIDENCE;
  /** EVIDENCE: the assessing supervisor (required) and the placement (may be null). */
  assessorId?: string;
  applicationId?: string | null;
}

/**
 * Records assessments of `person`, one at a time and in order (later ones are newer). SUPERVISOR
 * assessments need an application link: call assessCompetence through the API instead.
 */
export async function withAssessments(
  t: TestApp,
  person: CreatedUser,
  specs: AssessmentSpec[],
): Promise<void> {
  for (const spec of specs) {
    const id = /^[0-9a-f-]{36}$/.test(spec.competence)
      ? spec.competence
      : await competenceId(t.dataSource, spec.competence);
    if ((spec.source ?? AssessmentSource.SELF) === AssessmentSource.SELF) {
      const res = await t.gql(
        'mutation($c: ID!, $l: Int!) { selfAssess(competenceId: $c, level: $l) { id } }',
        { c: id, l: spec.level },
        person.token,
      );
      if (res.errors) throw new Error(`selfAssess failed: ${JSON.stringify(res.errors)}`);
    } else {
      const assessorId = spec.assessorId;
      if (!assessorId) throw new Error('withAssessments: EVIDENCE needs assessorId');
      await t.app.get(TransactionRunner).run((em) =>
        t.app.get(ProfilesService).recordEvidence(em, {
          personId: person.user.id,
          competenceId: id,
          level: spec.level,
          assessorId,
          applicationId: spec.applicationId ?? null,
        }),
      );
    }
  }
}
