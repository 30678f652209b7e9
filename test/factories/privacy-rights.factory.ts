import { randomBytes } from 'node:crypto';
import { CareerStage, UserRole, Visibility } from '../../src/core/domain/enums';
import { anOpenOpportunity } from './opportunities.factory';
import { withAssessments, withProfile } from './profiles.factory';
import { aUser, CreatedUser } from './users.factory';
import { TestApp } from '../utils/test-app';

export interface PersonWithHistory {
  person: CreatedUser;
  /** Strings that identify the person (name, e-mail, headline, motivation, note, reasons). */
  identifying: string[];
  opportunityId: string;
  applicationId: string;
  supervisor: CreatedUser;
  hr: CreatedUser;
}

/**
 * A candidate of LEIDEN_UNIV with data in most places, all through the API: a profile with a headline
 * and languages, a self-assessment, an application with a motivation to an OPEN opportunity of LUMC
 * that the supervisor shortlisted (a notification for the person, a transition with a reason), a
 * talent profile share, a contest of the opportunity's recommendation (with a reason), and a read of
 * their profile by HR of their organisation (an audit row).
 */
export async function aPersonWithHistory(t: TestApp): Promise<PersonWithHistory> {
  const tag = randomBytes(4).toString('hex');
  const displayName = `Zora Quillfeather ${tag}`;
  const person = await aUser(t, { roles: [UserRole.CANDIDATE], organisation: 'LEIDEN_UNIV', displayName });
  const headline = `Headline of Zora ${tag}: lipid chemist`;
  await withProfile(t, person.token, {
    careerStage: CareerStage.MASTER_STUDENT,
    visibility: Visibility.CONSORTIUM,
    headline,
    languages: [{ code: 'nl', level: 'C1' }],
  });
  await withAssessments(t, person, [{ competence: 'DOM_BIOINFORMATICS', level: 2 }]);

  const supervisor = await aUser(t, { roles: [UserRole.SUPERVISOR], organisation: 'LUMC' });
  const hostHr = await aUser(t, { roles: [UserRole.HR], organisation: 'LUMC' });
  const opportunity = await anOpenOpportunity(t, supervisor.token, hostHr.token);
  const motivation = `Motivation of Zora ${tag}: I love lipids`;
  const submitted = await t.gql<{ submitApplication: { id: string } }>(
    `mutation($input: SubmitApplicationInput!) { submitApplication(input: $input) { id } }`,
    { input: { opportunityId: opportunity.id, motivation } },
    person.token,
  );
  if (!submitted.data?.submitApplication)
    throw new Error(`submitApplication failed: ${JSON.stringify(submitted.errors)}`);
  const applicationId = submitted.data.submitApplication.id;
  const shortlisted = await t.gql(
    'mutation($id: ID!) { shortlistApplication(id: $id) { id } }',
    { id: applicationId },
    supervisor.token,
  );
  if (shortlisted.errors) throw new Error(`shortlist failed: ${JSON.stringify(shortlisted.errors)}`);

  const share = await t.gql(
    'mutation { createTalentProfileShare(expiresInDays: 30) { id } }',
    {},
    person.token,
  );
  if (share.errors) throw new Error(`share failed: ${JSON.stringify(share.errors)}`);

  const contestReason = `Contest of Zora ${tag}: my lipid work counts`;
  const contested = await t.gql(
    'mutation($s: ID!, $r: String!) { fileContest(kind: RECOMMENDATION, subjectId: $s, reason: $r) { id } }',
    { s: opportunity.id, r: contestReason },
    person.token,
  );
  if (contested.errors) throw new Error(`fileContest failed: ${JSON.stringify(contested.errors)}`);

  const hr = await aUser(t, { roles: [UserRole.HR], organisation: 'LEIDEN_UNIV' });
  const read = await t.gql(
    'query($id: ID!) { profile(userId: $id) { userId } }',
    { id: person.user.id },
    hr.token,
  );
  if (read.errors) throw new Error(`profile read failed: ${JSON.stringify(read.errors)}`);

  return {
    person,
    identifying: [displayName, person.user.email, headline, motivation, contestReason],
    opportunityId: opportunity.id,
    applicationId,
    supervisor,
    hr,
  };
}

/** Gives the person's consent to an optional purpose (CONSORTIUM_ANALYTICS, ...) in its current text. */
export async function withConsent(t: TestApp, token: string, purpose: string): Promise<void> {
  const purposes = await t.gql<{ processingPurposes: { code: string; consentTextVersion: string | null }[] }>(
    '{ processingPurposes { code consentTextVersion } }',
  );
  const version = purposes.data?.processingPurposes.find((p) => p.code === purpose)?.consentTextVersion;
  if (!version) throw new Error(`no consent text for ${purpose}`);
  const res = await t.gql(
    'mutation($p: String!, $v: String!) { giveConsent(purpose: $p, textVersion: $v) { id } }',
    { p: purpose, v: version },
    token,
  );
  if (res.errors) throw new Error(`giveConsent failed: ${JSON.stringify(res.errors)}`);
}
