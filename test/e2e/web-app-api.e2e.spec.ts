import {
  ApplicationStatus,
  CareerStage,
  OpportunityKind,
  OpportunityStatus,
  UserRole,
} from '../../src/core/domain/enums';
import { RoundWorker } from '../../src/rounds/round.worker';
import { UsersService } from '../../src/users/users.service';
import {
  aCandidate,
  aCompetence,
  anApplication,
  anOpportunityRow,
  aSupervisor,
} from '../factories/applications.factory';
import { aDraft, lifecycle } from '../factories/opportunities.factory';
import { aRound, closeRankingOf } from '../factories/rounds.factory';
import { FACTORY_PASSWORD, organisationId } from '../factories/users.factory';
import { countStatements, StatementCounter } from '../utils/statement-counter';
import { createTestApp, GqlResponse, TestApp } from '../utils/test-app';

/** The API additions issue 10's pages need: objects and titles where the schema had bare ids. */
function dataOf<T>(res: GqlResponse<T>): T {
  if (!res.data || res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

const MY_APPLICATIONS = `{ myApplications(first: 50) { id status
  opportunity { id title status applicationDeadline hostOrganisation { code } confidentialDetails } } }`;

describe('API additions for the web app', () => {
  let t: TestApp;
  let counter: StatementCounter;
  let hrLumc: string;

  beforeAll(async () => {
    // No account cache: an invalidation arriving late under load would add a read to a counted request.
    t = await createTestApp({ seed: true, env: { AUTH_USER_CACHE_SECONDS: '0' } });
    hrLumc = await t.login('hr@lumc.test');
    counter = countStatements(t);
  });
  afterAll(() => t.close());

  describe('Application.opportunity', () => {
    it('gives the candidate each application’s opportunity, closed ones too, in the same statements for 2 or 8', async () => {
      const host = await aSupervisor(t, 'JANSSEN');
      const few = await aCandidate(t);
      const many = await aCandidate(t);
      const opportunities: { id: string; title: string }[] = [];
      for (let i = 0; i < 8; i++) {
        opportunities.push(
          await anOpportunityRow(t, {
            leadSupervisorId: host.user.id,
            hostOrg: 'JANSSEN',
            title: `Assay internship ${i}`,
            status: i === 0 ? OpportunityStatus.CLOSED : OpportunityStatus.OPEN,
          }),
        );
      }
      for (const [candidate, count] of [
        [few, 2],
        [many, 8],
      ] as const) {
        for (const o of opportunities.slice(0, count)) {
          await anApplication(t, {
            opportunityId: o.id,
            candidateId: candidate.user.id,
            status: ApplicationStatus.SUBMITTED,
          });
        }
      }
      type Mine = {
        myApplications: {
          opportunity: { id: string; title: string; status: string; hostOrganisation: { code: string } };
        }[];
      };
      let mine: Mine | undefined;
      // Each measured after the same request once: per-instance caches (accounts, organisations) warm.
      const measure = async (token: string) => {
        dataOf(await t.gql<Mine>(MY_APPLICATIONS, {}, token));
        return counter.during(async () => {
          mine = dataOf(await t.gql<Mine>(MY_APPLICATIONS, {}, token));
        });
      };
      const forFew = await measure(few.token);
      const forMany = await measure(many.token);
      expect(forMany).toBe(forFew);
      expect(mine!.myApplications.map((a) => a.opportunity.title).sort()).toEqual(
        opportunities.map((o) => o.title).sort(),
      );
      const closed = mine!.myApplications.find((a) => a.opportunity.id === opportunities[0].id);
      expect(closed?.opportunity).toMatchObject({ status: 'CLOSED', hostOrganisation: { code: 'JANSSEN' } });
    });

    it('keeps the opportunity’s own rules: confidential details only once shortlisted', async () => {
      const host = await aSupervisor(t);
      const candidate = await aCandidate(t);
      const secret = await anOpportunityRow(t, { leadSupervisorId: host.user.id, title: 'Secret project' });
      await t.dataSource.query(`UPDATE opportunities SET confidential_details = 'NDA text' WHERE id = $1`, [
        secret.id,
      ]);
      const application = await anApplication(t, {
        opportunityId: secret.id,
        candidateId: candidate.user.id,
        status: ApplicationStatus.SUBMITTED,
      });
      type Mine = { myApplications: { opportunity: { confidentialDetails: string | null } }[] };
      const before = dataOf(await t.gql<Mine>(MY_APPLICATIONS, {}, candidate.token));
      expect(before.myApplications[0].opportunity.confidentialDetails).toBeNull();
      await t.dataSource.query(`UPDATE applications SET status = 'SHORTLISTED' WHERE id = $1`, [
        application.id,
      ]);
      const after = dataOf(await t.gql<Mine>(MY_APPLICATIONS, {}, candidate.token));
      expect(after.myApplications[0].opportunity.confidentialDetails).toBe('NDA text');
      // The host's list of applications names the opportunity too.
      const hostView = dataOf(
        await t.gql<{ applicationsForOpportunity: { opportunity: { title: string } }[] }>(
          'query($o: ID!) { applicationsForOpportunity(opportunityId: $o) { opportunity { title } } }',
          { o: secret.id },
          host.token,
        ),
      );
      expect(hostView.applicationsForOpportunity).toEqual([{ opportunity: { title: 'Secret project' } }]);
    });
  });

  describe('rounds: titles and names instead of ids', () => {
    it('shows a candidate what they got and why, by title; HR the run by names and organisations', async () => {
      const host = await aSupervisor(t, 'LUMC');
      const a = await anOpportunityRow(t, {
        leadSupervisorId: host.user.id,
        capacity: 1,
        title: 'Vaccine lab A',
      });
      const b = await anOpportunityRow(t, {
        leadSupervisorId: host.user.id,
        capacity: 1,
        title: 'Trial design B',
      });
      const round = await aRound(t, hrLumc, {
        name: 'Titles round',
        opportunityIds: [a.id, b.id],
        maxChoices: 2,
      });
      const first = await aCandidate(t, { organisation: 'LEIDEN_UNIV', displayName: 'Ada Placed' });
      const second = await aCandidate(t, { organisation: 'JANSSEN', displayName: 'Bo Second' });
      const third = await aCandidate(t, { organisation: 'JANSSEN', displayName: 'Cy Unmatched' });
      const choose = async (token: string, ids: string[]) =>
        dataOf(
          await t.gql(
            'mutation($r: ID!, $o: [ID!]!) { submitRoundChoices(roundId: $r, opportunityIds: $o) { rank } }',
            { r: round.id, o: ids },
            token,
          ),
        );
      await choose(first.token, [a.id, b.id]);
      await choose(second.token, [a.id, b.id]);
      await choose(third.token, [a.id]);
      const applicationIds = async (o: string) =>
        dataOf(
          await t.gql<{ applicationsForOpportunity: { id: string; applicant: { displayName: string } }[] }>(
            'query($o: ID!) { applicationsForOpportunity(opportunityId: $o) { id applicant { displayName } } }',
            { o },
            host.token,
          ),
        ).applicationsForOpportunity;
      const onA = await applicationIds(a.id);
      const order = ['Ada Placed', 'Bo Second', 'Cy Unmatched'];
      dataOf(
        await t.gql(
          'mutation($o: ID!, $ids: [ID!]!) { rankApplicants(opportunityId: $o, applicationIds: $ids) { rank } }',
          {
            o: a.id,
            ids: order.map((n) => onA.find((x) => x.applicant.displayName === n)!.id),
          },
          host.token,
        ),
      );
      dataOf(
        await t.gql(
          'mutation($r: ID!, $c: ID!, $o: ID!) { excludePair(roundId: $r, candidateId: $c, opportunityId: $o, reason: "Conflict of interest") { id } }',
          { r: round.id, c: third.user.id, o: b.id },
          hrLumc,
        ),
      );
      await closeRankingOf(t, round.id);
      const queued = dataOf(
        await t.gql<{ runRound: { id: string } }>(
          'mutation($id: ID!) { runRound(id: $id, dryRun: false, seed: 7) { id } }',
          { id: round.id },
          hrLumc,
        ),
      ).runRound;
      await t.app.get(RoundWorker).processPending();

      const outcome = dataOf(
        await t.gql<{ myRoundOutcome: unknown }>(
          `query($r: ID!) { myRoundOutcome(roundId: $r) { choiceRank opportunity { title }
             rankedAbove { rank reason opportunity { title hostOrganisation { code } } } } }`,
          { r: round.id },
          second.token,
        ),
      ).myRoundOutcome;
      expect(outcome).toEqual({
        choiceRank: 2,
        opportunity: { title: 'Trial design B' },
        rankedAbove: [
          {
            rank: 1,
            reason: 'FULL_WITH_HIGHER_RANKED',
            opportunity: { title: 'Vaccine lab A', hostOrganisation: { code: 'LUMC' } },
          },
        ],
      });
      // Where to find the outcome: the rounds each candidate ranked in, also once published.
      const roundsOf = async (token: string) =>
        dataOf(
          await t.gql<{ myRounds: { id: string; status: string }[] }>(
            '{ myRounds { id status } }',
            {},
            token,
          ),
        ).myRounds;
      expect(await roundsOf(second.token)).toContainEqual({ id: round.id, status: 'PUBLISHED' });
      const bystander = await aCandidate(t);
      expect(await roundsOf(bystander.token)).toEqual([]);
      const asSupervisor = await t.gql('{ myRounds { id } }', {}, host.token);
      expect(asSupervisor.errors?.[0].extensions.code).toBe('FORBIDDEN');

      const none = dataOf(
        await t.gql<{ myRoundOutcome: { opportunity: unknown; opportunityId: string | null } }>(
          'query($r: ID!) { myRoundOutcome(roundId: $r) { opportunityId opportunity { title } } }',
          { r: round.id },
          third.token,
        ),
      ).myRoundOutcome;
      expect(none).toEqual({ opportunityId: null, opportunity: null });

      type Run = {
        roundRun: {
          assignment: {
            candidate: { displayName: string; organisation: { code: string } };
            opportunity: { title: string } | null;
          }[];
          stats: {
            unmatchedCandidates: { displayName: string }[];
            flows: { fromOrganisation: { code: string }; toOrganisation: { code: string }; count: number }[];
          };
        };
      };
      const run = dataOf(
        await t.gql<Run>(
          `query($id: ID!) { roundRun(id: $id) {
             assignment { candidate { displayName organisation { code } } opportunity { title } }
             stats { unmatchedCandidates { displayName }
                     flows { fromOrganisation { code } toOrganisation { code } count } } } }`,
          { id: queued.id },
          hrLumc,
        ),
      ).roundRun;
      expect(
        run.assignment
          .map((x) => [x.candidate.displayName, x.candidate.organisation.code, x.opportunity?.title ?? null])
          .sort(),
      ).toEqual([
        ['Ada Placed', 'LEIDEN_UNIV', 'Vaccine lab A'],
        ['Bo Second', 'JANSSEN', 'Trial design B'],
        ['Cy Unmatched', 'JANSSEN', null],
      ]);
      expect(run.stats.unmatchedCandidates).toEqual([{ displayName: 'Cy Unmatched' }]);
      expect(
        run.stats.flows.map((f) => [f.fromOrganisation.code, f.toOrganisation.code, f.count]).sort(),
      ).toEqual([
        ['JANSSEN', 'LUMC', 1],
        ['LEIDEN_UNIV', 'LUMC', 1],
      ]);
      const overrides = dataOf(
        await t.gql<{ roundOverrides: unknown[] }>(
          'query($r: ID!) { roundOverrides(roundId: $r) { kind candidate { displayName } opportunity { title } } }',
          { r: round.id },
          hrLumc,
        ),
      ).roundOverrides;
      expect(overrides).toEqual([
        {
          kind: 'EXCLUDE',
          candidate: { displayName: 'Cy Unmatched' },
          opportunity: { title: 'Trial design B' },
        },
      ]);
    });
  });

  it('names the essential gaps of a gap analysis as competences, in the order of essentialGaps', async () => {
    const unrated = await aCompetence(t, 'Good clinical practice (test)');
    const low = await aCompetence(t, 'Trial design (test)');
    const met = await aCompetence(t, 'Teaching (test)');
    const candidate = await aCandidate(t, {
      levels: [
        { competenceId: low.id, level: 1 },
        { competenceId: met.id, level: 3 },
      ],
    });
    const role = dataOf(
      await t.gql<{ createRoleProfile: { id: string } }>(
        `mutation($i: CreateRoleProfileInput!) { createRoleProfile(input: $i) { id } }`,
        {
          i: {
            title: 'Clinical trial manager (test)',
            careerStage: 'POSTDOC',
            researchLevel: 'R2',
            requirements: [
              { competenceId: unrated.id, requiredLevel: 2, essential: true },
              { competenceId: low.id, requiredLevel: 3, essential: true },
              { competenceId: met.id, requiredLevel: 2, essential: true },
            ],
          },
        },
        await t.login('admin@talent-exchange.test'),
      ),
    ).createRoleProfile;
    const gap = dataOf(
      await t.gql<{
        gapAnalysis: { essentialGaps: string[]; essentialGapCompetences: { id: string; name: string }[] };
      }>(
        'query($r: ID!) { gapAnalysis(roleId: $r) { essentialGaps essentialGapCompetences { id name } } }',
        { r: role.id },
        candidate.token,
      ),
    ).gapAnalysis;
    expect([...gap.essentialGaps].sort()).toEqual([unrated.id, low.id].sort());
    expect(gap.essentialGapCompetences.map((c) => c.id)).toEqual(gap.essentialGaps);
    expect(gap.essentialGapCompetences.map((c) => c.name).sort()).toEqual([
      'Good clinical practice (test)',
      'Trial design (test)',
    ]);
  });

  describe('hostDepartment', () => {
    async function supervisorWithDepartment(): Promise<{ token: string; departmentId: string }> {
      const org = await organisationId(t.dataSource, 'LUMC');
      const [department] = await t.dataSource.query(
        'SELECT id FROM departments WHERE organisation_id = $1 ORDER BY name LIMIT 1',
        [org],
      );
      const email = `dept-${Math.random().toString(36).slice(2, 8)}@lumc.test`;
      await t.app.get(UsersService).create({
        email,
        displayName: 'Supervisor with a department',
        password: FACTORY_PASSWORD,
        organisationId: org,
        departmentId: department.id,
        roles: [UserRole.SUPERVISOR],
      });
      return { token: await t.login(email, FACTORY_PASSWORD), departmentId: department.id };
    }

    it('defaults to the supervisor’s own department when left out', async () => {
      const { token, departmentId } = await supervisorWithDepartment();
      const draft = await aDraft(t, token);
      const read = dataOf(
        await t.gql<{ opportunity: { hostDepartment: { id: string } | null } }>(
          'query($id: ID!) { opportunity(id: $id) { hostDepartment { id } } }',
          { id: draft.id },
          token,
        ),
      );
      expect(read.opportunity.hostDepartment).toEqual({ id: departmentId });
    });

    it('stays empty when set to null, or when the supervisor has no department', async () => {
      const { token } = await supervisorWithDepartment();
      const none = await aDraft(t, token, OpportunityKind.INTERNSHIP, { hostDepartmentId: null });
      const noDepartment = await aSupervisor(t);
      const plain = await aDraft(t, noDepartment.token);
      for (const [id, who] of [
        [none.id, token],
        [plain.id, noDepartment.token],
      ]) {
        const read = dataOf(
          await t.gql<{ opportunity: { hostDepartment: unknown } }>(
            'query($id: ID!) { opportunity(id: $id) { hostDepartment { id } } }',
            { id },
            who,
          ),
        );
        expect(read.opportunity.hostDepartment).toBeNull();
      }
    });
  });

  it('shows HR’s review comment to the co-supervisor, not to other supervisors', async () => {
    const lead = await t.login('supervisor@lumc.test');
    const coSupervisor = await t.login('supervisor@janssen.test');
    const bystander = await aSupervisor(t, 'LUMC');
    const coSupervisorId = dataOf(await t.gql<{ me: { id: string } }>('{ me { id } }', {}, coSupervisor)).me
      .id;
    const project = await aDraft(t, lead, OpportunityKind.CO_SUPERVISED_PROJECT);
    dataOf(
      await t.gql(
        'mutation($o: ID!, $u: ID!) { inviteCoSupervisor(opportunityId: $o, userId: $u) { status } }',
        { o: project.id, u: coSupervisorId },
        lead,
      ),
    );
    dataOf(
      await t.gql(
        'mutation($o: ID!) { respondToCoSupervision(opportunityId: $o, accept: true) { status } }',
        { o: project.id },
        coSupervisor,
      ),
    );
    expect((await lifecycle(t, 'submitOpportunity', project.id, lead)).errors).toBeUndefined();
    const returned = await lifecycle(t, 'returnOpportunity', project.id, hrLumc, {
      comment: 'Name the co-supervision hours per week',
    });
    expect(returned.errors).toBeUndefined();
    const commentAs = async (token: string) => {
      const res = await t.gql<{ opportunity: { reviewComment: string | null } }>(
        'query($id: ID!) { opportunity(id: $id) { reviewComment } }',
        { id: project.id },
        token,
      );
      return res.data?.opportunity.reviewComment ?? res.errors?.[0].extensions.code;
    };
    expect(await commentAs(lead)).toBe('Name the co-supervision hours per week');
    expect(await commentAs(coSupervisor)).toBe('Name the co-supervision hours per week');
    // Another supervisor of the lead's organisation does not see the draft at all.
    expect(await commentAs(bystander.token)).toBe('NOT_FOUND');
    // Also from the co-supervisor's own list of invitations.
    const mine = dataOf(
      await t.gql<{ myCoSupervisions: { opportunity: { id: string; reviewComment: string | null } }[] }>(
        '{ myCoSupervisions { opportunity { id reviewComment } } }',
        {},
        coSupervisor,
      ),
    ).myCoSupervisions.find((c) => c.opportunity.id === project.id);
    expect(mine?.opportunity.reviewComment).toBe('Name the co-supervision hours per week');
  });

  describe('page audit additions', () => {
    const FIT = `score eligible reasons mark parts { key weight value detail }
      missing { competenceId requiredLevel currentLevel essential competence { name } }`;

    it('myFit explains any opportunity you may see, as recommendedOpportunities does, also after you applied', async () => {
      const host = await aSupervisor(t, 'JANSSEN');
      const held = await aCompetence(t, 'Cell culture (fit test)');
      const lacking = await aCompetence(t, 'Flow cytometry (fit test)');
      const candidate = await aCandidate(t, {
        stage: CareerStage.MASTER_STUDENT,
        levels: [{ competenceId: held.id, level: 3 }],
      });
      const opportunity = await anOpportunityRow(t, {
        leadSupervisorId: host.user.id,
        hostOrg: 'JANSSEN',
        title: 'Fit explained',
        eligibleStages: [CareerStage.MASTER_STUDENT],
        requirements: [
          { competenceId: held.id, minLevel: 2, essential: true },
          { competenceId: lacking.id, minLevel: 2, essential: false, weight: 2 },
        ],
      });
      const recommended = dataOf(
        await t.gql<{
          recommendedOpportunities: ({ opportunity: { id: string } } & Record<string, unknown>)[];
        }>(`{ recommendedOpportunities(first: 50) { opportunity { id } ${FIT} } }`, {}, candidate.token),
      ).recommendedOpportunities.find((r) => r.opportunity.id === opportunity.id);
      expect(recommended).toBeDefined();
      const fitQuery = `query($o: ID!) { myFit(opportunityId: $o) { ${FIT} } }`;
      const fit = dataOf(
        await t.gql<{ myFit: Record<string, unknown> }>(fitQuery, { o: opportunity.id }, candidate.token),
      ).myFit;
      const { opportunity: _o, ...sameFields } = recommended!;
      expect(fit).toEqual(sameFields);
      expect(fit.missing).toEqual([
        expect.objectContaining({ competence: { name: 'Flow cytometry (fit test)' }, currentLevel: null }),
      ]);
      // Recommendations leave out what you applied to; the detail page still explains it.
      await anApplication(t, {
        opportunityId: opportunity.id,
        candidateId: candidate.user.id,
        status: ApplicationStatus.SUBMITTED,
      });
      const after = await t.gql<{ myFit: { score: number } }>(
        fitQuery,
        { o: opportunity.id },
        candidate.token,
      );
      expect(after.data?.myFit.score).toBe(fit.score);
    });

    it('myFit says why you are not eligible, and is NOT_FOUND for what you may not see', async () => {
      const host = await aSupervisor(t);
      const postdoc = await aCandidate(t, { stage: CareerStage.POSTDOC });
      const forMasters = await anOpportunityRow(t, {
        leadSupervisorId: host.user.id,
        eligibleStages: [CareerStage.MASTER_STUDENT],
      });
      const fit = dataOf(
        await t.gql<{ myFit: { eligible: boolean; reasons: string[] } }>(
          'query($o: ID!) { myFit(opportunityId: $o) { eligible reasons } }',
          { o: forMasters.id },
          postdoc.token,
        ),
      ).myFit;
      expect(fit.eligible).toBe(false);
      expect(fit.reasons).toContain('career stage POSTDOC is not eligible');
      const draft = await anOpportunityRow(t, {
        leadSupervisorId: host.user.id,
        status: OpportunityStatus.DRAFT,
      });
      const hidden = await t.gql(
        'query($o: ID!) { myFit(opportunityId: $o) { score } }',
        { o: draft.id },
        postdoc.token,
      );
      expect(hidden.errors?.[0].extensions.code).toBe('NOT_FOUND');
    });

    it('counts unread notifications for the badge', async () => {
      const host = await aSupervisor(t);
      const candidate = await aCandidate(t);
      const opportunity = await anOpportunityRow(t, { leadSupervisorId: host.user.id });
      const count = async () =>
        dataOf(
          await t.gql<{ unreadNotificationCount: number }>('{ unreadNotificationCount }', {}, host.token),
        ).unreadNotificationCount;
      expect(await count()).toBe(0);
      dataOf(
        await t.gql(
          'mutation($o: ID!) { submitApplication(input: { opportunityId: $o, motivation: "Counting" }) { id } }',
          { o: opportunity.id },
          candidate.token,
        ),
      );
      expect(await count()).toBe(1);
      dataOf(await t.gql('mutation { markAllNotificationsRead }', {}, host.token));
      expect(await count()).toBe(0);
    });

    it('names the assessor of each rating in the assessment history (name and organisation only)', async () => {
      const host = await aSupervisor(t, 'LUMC');
      await t.dataSource.query(`UPDATE users SET display_name = 'Dr. Assessing Supervisor' WHERE id = $1`, [
        host.user.id,
      ]);
      const competence = await aCompetence(t, 'Assay validation (history test)');
      const candidate = await aCandidate(t, { levels: [{ competenceId: competence.id, level: 1 }] });
      const opportunity = await anOpportunityRow(t, { leadSupervisorId: host.user.id });
      await anApplication(t, {
        opportunityId: opportunity.id,
        candidateId: candidate.user.id,
        status: ApplicationStatus.SUBMITTED,
      });
      dataOf(
        await t.gql(
          'mutation($p: ID!, $c: ID!) { assessCompetence(personId: $p, competenceId: $c, level: 3) { level } }',
          { p: candidate.user.id, c: competence.id },
          host.token,
        ),
      );
      const history = dataOf(
        await t.gql<{ myProfile: { assessments: { source: string; level: number; assessor: unknown }[] } }>(
          '{ myProfile { assessments { source level assessor { displayName organisation { code } } } } }',
          {},
          candidate.token,
        ),
      ).myProfile.assessments;
      expect(history).toEqual(
        expect.arrayContaining([
          { source: 'SELF', level: 1, assessor: null },
          {
            source: 'SUPERVISOR',
            level: 3,
            assessor: { displayName: 'Dr. Assessing Supervisor', organisation: { code: 'LUMC' } },
          },
        ]),
      );
    });
  });
});
