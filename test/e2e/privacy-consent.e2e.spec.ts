import { CareerStage, UserRole, Visibility } from '../../src/core/domain/enums';
import { aSupervisor } from '../factories/applications.factory';
import { withProfile } from '../factories/profiles.factory';
import { aUser, CreatedUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../utils/test-app';

interface Purpose {
  id: string;
  code: string;
  lawfulBasis: string;
  optional: boolean;
  dataCategories: string[];
  retention: string;
  consentText: string | null;
  consentTextVersion: string | null;
}
interface Consent {
  id: string;
  purposeCode: string;
  textVersion: string;
  givenAt: string;
  withdrawnAt: string | null;
  active: boolean;
}

const PURPOSES = `{ processingPurposes { id code name description lawfulBasis optional dataCategories retention
  consentText consentTextVersion } }`;
const GIVE = `mutation($p: String!, $v: String!) { giveConsent(purpose: $p, textVersion: $v) {
  id purposeCode textVersion givenAt withdrawnAt active } }`;
const WITHDRAW = `mutation($p: String!) { withdrawConsent(purpose: $p) { id purposeCode withdrawnAt active } }`;
const MINE = '{ myConsents { id purposeCode textVersion givenAt withdrawnAt active } }';
const FINDABLE = '{ findableProfiles(first: 100) { edges { node { userId } } } }';
const TALENT = 'query($p: ID) { talentProfile(personId: $p) { person { id } } }';
const MY_ACTIONS = '{ myPrivacyActions { action actorId actorRoles detail { key value } } }';
const CREATE = `mutation($i: CreateProcessingPurposeInput!) { createProcessingPurpose(input: $i) {
  id code lawfulBasis optional consentTextVersion } }`;
const UPDATE = `mutation($id: ID!, $i: UpdateProcessingPurposeInput!) { updateProcessingPurpose(id: $id, input: $i) {
  id code name lawfulBasis consentText consentTextVersion } }`;

describe('Register of processing and consent', () => {
  let t: TestApp;
  let admin: string;
  let purposes: Purpose[];

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    admin = await t.login('admin@talent-exchange.test');
    const res = await t.gql<{ processingPurposes: Purpose[] }>(PURPOSES);
    purposes = res.data!.processingPurposes;
  });
  afterAll(() => t.close());

  function version(code: string): string {
    return purposes.find((p) => p.code === code)!.consentTextVersion!;
  }

  async function aCandidate(visibility = Visibility.PRIVATE): Promise<CreatedUser> {
    const person = await aUser(t, { roles: [UserRole.CANDIDATE], organisation: 'LUMC' });
    await withProfile(t, person.token, { careerStage: CareerStage.POSTDOC, visibility });
    return person;
  }

  async function findableBy(token: string): Promise<string[]> {
    const res = await t.gql<{ findableProfiles: { edges: { node: { userId: string } }[] } }>(
      FINDABLE,
      {},
      token,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.findableProfiles.edges.map((e) => e.node.userId);
  }

  async function consentsOf(person: CreatedUser): Promise<Consent[]> {
    const res = await t.gql<{ myConsents: Consent[] }>(MINE, {}, person.token);
    expect(res.errors).toBeUndefined();
    return res.data!.myConsents;
  }

  it('shows the register to everyone, signed in or not: the real purposes with lawful basis, data and retention', async () => {
    const anonymous = await t.gql<{ processingPurposes: Purpose[] }>(PURPOSES);
    expect(anonymous.errors).toBeUndefined();
    const byCode = new Map(anonymous.data!.processingPurposes.map((p) => [p.code, p]));
    for (const code of ['FINDABLE_PROFILE', 'TALENT_PROFILE_CONSORTIUM', 'CONSORTIUM_ANALYTICS']) {
      expect(byCode.get(code)).toMatchObject({ lawfulBasis: 'CONSENT', optional: true });
      expect(byCode.get(code)!.consentText).toBeTruthy();
    }
    expect(byCode.get('APPLICATIONS_AND_PLACEMENTS')).toMatchObject({
      lawfulBasis: 'CONTRACT',
      optional: false,
    });
    expect(byCode.get('AUDIT_TRAIL')).toMatchObject({ lawfulBasis: 'LEGAL_OBLIGATION' });
    expect(byCode.get('RECOMMENDATIONS')).toMatchObject({ lawfulBasis: 'LEGITIMATE_INTEREST' });
    for (const p of anonymous.data!.processingPurposes) {
      expect(p.dataCategories.length).toBeGreaterThan(0);
      expect(p.retention).toBeTruthy();
    }
  });

  it('giving FINDABLE_PROFILE consent makes the profile findable by partners; withdrawing hides it at once', async () => {
    const person = await aCandidate();
    const partner = await aSupervisor(t, 'JANSSEN');
    expect(await findableBy(partner.token)).not.toContain(person.user.id);

    const given = await t.gql<{ giveConsent: Consent }>(
      GIVE,
      { p: 'FINDABLE_PROFILE', v: version('FINDABLE_PROFILE') },
      person.token,
    );
    expect(given.errors).toBeUndefined();
    expect(given.data!.giveConsent).toMatchObject({ purposeCode: 'FINDABLE_PROFILE', active: true });
    expect(await findableBy(partner.token)).toContain(person.user.id);
    const profile = await t.gql<{ myProfile: { visibility: string } }>(
      '{ myProfile { visibility } }',
      {},
      person.token,
    );
    expect(profile.data!.myProfile.visibility).toBe('CONSORTIUM');

    const withdrawn = await t.gql<{ withdrawConsent: Consent }>(
      WITHDRAW,
      { p: 'FINDABLE_PROFILE' },
      person.token,
    );
    expect(withdrawn.errors).toBeUndefined();
    expect(withdrawn.data!.withdrawConsent).toMatchObject({ active: false, withdrawnAt: expect.any(String) });
    expect(await findableBy(partner.token)).not.toContain(person.user.id);
    const seen = await t.gql(
      'query($id: ID!) { profile(userId: $id) { userId } }',
      { id: person.user.id },
      partner.token,
    );
    expect(seen.errors?.[0].extensions.code).toBe('NOT_FOUND');

    const history = await consentsOf(person);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      purposeCode: 'FINDABLE_PROFILE',
      textVersion: version('FINDABLE_PROFILE'),
      active: false,
    });
  });

  it('choosing a visibility in updateMyProfile gives or withdraws the FINDABLE_PROFILE consent', async () => {
    const person = await aCandidate(Visibility.CONSORTIUM);
    expect(await consentsOf(person)).toEqual([
      expect.objectContaining({
        purposeCode: 'FINDABLE_PROFILE',
        active: true,
        textVersion: version('FINDABLE_PROFILE'),
      }),
    ]);
    await withProfile(t, person.token, { visibility: Visibility.PRIVATE });
    expect(await consentsOf(person)).toEqual([expect.objectContaining({ active: false })]);
  });

  it('TALENT_PROFILE_CONSORTIUM lets supervisors and HR of partners read the talent profile, until withdrawn', async () => {
    const person = await aCandidate();
    const hrJanssen = await t.login('hr@janssen.test');
    const before = await t.gql(TALENT, { p: person.user.id }, hrJanssen);
    expect(before.errors?.[0].extensions.code).toBe('NOT_FOUND');

    await t.gql(
      GIVE,
      { p: 'TALENT_PROFILE_CONSORTIUM', v: version('TALENT_PROFILE_CONSORTIUM') },
      person.token,
    );
    const during = await t.gql<{ talentProfile: { person: { id: string } } }>(
      TALENT,
      { p: person.user.id },
      hrJanssen,
    );
    expect(during.errors).toBeUndefined();
    expect(during.data!.talentProfile.person.id).toBe(person.user.id);
    // A candidate of another organisation still may not.
    const other = await aUser(t, { roles: [UserRole.CANDIDATE], organisation: 'JANSSEN' });
    expect((await t.gql(TALENT, { p: person.user.id }, other.token)).errors?.[0].extensions.code).toBe(
      'NOT_FOUND',
    );

    await t.gql(WITHDRAW, { p: 'TALENT_PROFILE_CONSORTIUM' }, person.token);
    const after = await t.gql(TALENT, { p: person.user.id }, hrJanssen);
    expect(after.errors?.[0].extensions.code).toBe('NOT_FOUND');
  });

  it('withdrawing is never refused: without a live consent it answers null', async () => {
    const person = await aCandidate();
    const res = await t.gql<{ withdrawConsent: Consent | null }>(
      WITHDRAW,
      { p: 'CONSORTIUM_ANALYTICS' },
      person.token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.withdrawConsent).toBeNull();
  });

  it('refuses consent to an outdated text, to a purpose that is not optional, and to an unknown one', async () => {
    const person = await aCandidate();
    const outdated = await t.gql(GIVE, { p: 'FINDABLE_PROFILE', v: 'old' }, person.token);
    expect(outdated.errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'CONSENT_TEXT_OUTDATED',
    });
    const notOptional = await t.gql(GIVE, { p: 'ACCOUNT', v: 'x' }, person.token);
    expect(notOptional.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'PURPOSE_NOT_OPTIONAL',
    });
    const unknown = await t.gql(GIVE, { p: 'NO_SUCH_PURPOSE', v: 'x' }, person.token);
    expect(unknown.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const malformed = await t.gql(GIVE, { p: 'not a code', v: 'x' }, person.token);
    expect(malformed.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const anonymous = await t.gql(GIVE, { p: 'FINDABLE_PROFILE', v: version('FINDABLE_PROFILE') });
    expect(anonymous.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(await consentsOf(person)).toEqual([]);
  });

  it('audits each consent given and withdrawn; the person sees it, admins see all', async () => {
    const person = await aCandidate();
    await t.gql(GIVE, { p: 'CONSORTIUM_ANALYTICS', v: version('CONSORTIUM_ANALYTICS') }, person.token);
    await t.gql(WITHDRAW, { p: 'CONSORTIUM_ANALYTICS' }, person.token);
    const mine = await t.gql<{ myPrivacyActions: { action: string; actorId: string | null }[] }>(
      MY_ACTIONS,
      {},
      person.token,
    );
    expect(mine.data!.myPrivacyActions.map((a) => a.action)).toEqual(['CONSENT_WITHDRAWN', 'CONSENT_GIVEN']);
    expect(mine.data!.myPrivacyActions[0].actorId).toBe(person.user.id);
    const all = await t.gql<{ privacyActions: { action: string }[] }>(
      'query($p: ID) { privacyActions(personId: $p) { action } }',
      { p: person.user.id },
      admin,
    );
    expect(all.data!.privacyActions).toHaveLength(2);
    const refused = await t.gql(
      'query($p: ID) { privacyActions(personId: $p) { action } }',
      { p: person.user.id },
      person.token,
    );
    expect(refused.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  describe('managing the register', () => {
    const input = {
      code: 'ALUMNI_NEWSLETTER',
      name: 'Alumni newsletter',
      description: 'News about the exchange after you left.',
      lawfulBasis: 'CONSENT',
      dataCategories: ['name', 'e-mail'],
      retention: 'Until you withdraw consent',
      consentText: 'Send me the alumni newsletter.',
      consentTextVersion: '1',
    };

    it('lets admins add and change purposes, audited; HR and candidates are refused', async () => {
      const hr = await t.login('hr@lumc.test');
      const candidate = await aCandidate();
      for (const token of [hr, candidate.token]) {
        const refused = await t.gql(CREATE, { i: input }, token);
        expect(refused.errors?.[0].extensions.code).toBe('FORBIDDEN');
      }
      const created = await t.gql<{ createProcessingPurpose: Purpose }>(CREATE, { i: input }, admin);
      expect(created.errors).toBeUndefined();
      expect(created.data!.createProcessingPurpose).toMatchObject({
        code: 'ALUMNI_NEWSLETTER',
        optional: true,
      });
      const id = created.data!.createProcessingPurpose.id;

      const renamed = await t.gql(UPDATE, { id, i: { name: 'Alumni news' } }, admin);
      expect(renamed.errors).toBeUndefined();
      const refused = await t.gql(UPDATE, { id, i: { name: 'x' } }, hr);
      expect(refused.errors?.[0].extensions.code).toBe('FORBIDDEN');

      const trail = await t.gql<{
        privacyActions: { action: string; detail: { key: string; value: string }[] }[];
      }>(
        'query($a: ID) { privacyActions(actorId: $a) { action detail { key value } } }',
        { a: (await t.gql<{ me: { id: string } }>('{ me { id } }', {}, admin)).data!.me.id },
        admin,
      );
      expect(trail.data!.privacyActions.map((a) => a.action)).toEqual(['PURPOSE_UPDATED', 'PURPOSE_CREATED']);
      expect(trail.data!.privacyActions[1].detail).toEqual([{ key: 'purpose', value: 'ALUMNI_NEWSLETTER' }]);

      const duplicate = await t.gql(CREATE, { i: input }, admin);
      expect(duplicate.errors?.[0].extensions).toMatchObject({
        code: 'CONFLICT',
        reason: 'PURPOSE_CODE_TAKEN',
      });
    });

    it('refuses a CONSENT purpose without its text, a changed text without a new version, and moving a consented purpose off CONSENT', async () => {
      const noText = await t.gql(
        CREATE,
        { i: { ...input, code: 'NO_TEXT', consentText: null, consentTextVersion: null } },
        admin,
      );
      expect(noText.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      expect((noText.errors?.[0].extensions.fields as { field: string }[]).map((f) => f.field)).toEqual([
        'consentText',
        'consentTextVersion',
      ]);

      const findable = purposes.find((p) => p.code === 'FINDABLE_PROFILE')!;
      const sameVersion = await t.gql(
        UPDATE,
        { id: findable.id, i: { consentText: 'Something else' } },
        admin,
      );
      expect(sameVersion.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'CONSENT_TEXT_VERSION_UNCHANGED',
      });

      await aCandidate(Visibility.CONSORTIUM); // someone consents to FINDABLE_PROFILE
      const flip = await t.gql(UPDATE, { id: findable.id, i: { lawfulBasis: 'LEGITIMATE_INTEREST' } }, admin);
      expect(flip.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'LAWFUL_BASIS_IN_USE' });

      const bad = await t.gql(
        CREATE,
        { i: { ...input, code: 'BAD', lawfulBasis: 'CONTRACT', dataCategories: [] } },
        admin,
      );
      expect(bad.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    });

    it('a new consent text version asks for consent again: the old version is refused', async () => {
      const person = await aCandidate();
      const created = await t.gql<{ createProcessingPurpose: Purpose }>(
        CREATE,
        { i: { ...input, code: 'VERSIONED' } },
        admin,
      );
      const id = created.data!.createProcessingPurpose.id;
      expect((await t.gql(GIVE, { p: 'VERSIONED', v: '1' }, person.token)).errors).toBeUndefined();
      const changed = await t.gql(
        UPDATE,
        { id, i: { consentText: 'New words', consentTextVersion: '2' } },
        admin,
      );
      expect(changed.errors).toBeUndefined();
      const old = await t.gql(GIVE, { p: 'VERSIONED', v: '1' }, person.token);
      expect(old.errors?.[0].extensions.reason).toBe('CONSENT_TEXT_OUTDATED');
      expect((await t.gql(GIVE, { p: 'VERSIONED', v: '2' }, person.token)).errors).toBeUndefined();
      const history = (await consentsOf(person)).filter((c) => c.purposeCode === 'VERSIONED');
      expect(history.map((c) => [c.textVersion, c.active])).toEqual([
        ['2', true],
        ['1', false],
      ]);
    });
  });
});
