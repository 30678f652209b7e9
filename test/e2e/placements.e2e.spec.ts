import { ApplicationStatus, OpportunityStatus } from '../../src/core/domain/enums';
import {
  OpportunityDevelopedCompetenceEntity,
  OpportunityEntity,
} from '../../src/opportunities/entities/opportunity.entity';
import {
  aCandidate,
  aCompetence,
  anApplication,
  anOpportunityRow,
  aSupervisor,
  OpportunitySpec,
} from '../factories/applications.factory';
import { CreatedUser } from '../factories/users.factory';
import { createTestApp, GqlResponse, TestApp } from '../utils/test-app';

/**
 * A placement's life after the offer (issue 11, holes 1, 2, 3, 4 and 6): what the opportunity's
 * state, its period and its seats allow, through /graphql as each role.
 */

const HOUR = 3600_000;
const APPLICATION_FIELDS = 'id status history { from to reason actor { id } }';
const APPLICATION = `query($id: ID!) { application(id: $id) { ${APPLICATION_FIELDS} } }`;
const OFFER = `mutation($id: ID!, $d: DateTime!) { offerApplication(id: $id, responseDeadline: $d) { ${APPLICATION_FIELDS} } }`;
const ACCEPT = `mutation($id: ID!) { acceptOffer(id: $id) { ${APPLICATION_FIELDS} } }`;
const COMPLETE = `mutation($id: ID!) { completeApplication(id: $id) { ${APPLICATION_FIELDS} } }`;
const EVIDENCE = `mutation($i: RecordPlacementEvidenceInput!) { recordPlacementEvidence(input: $i) { id } }`;
const OPPORTUNITY = 'query($id: ID!) { opportunity(id: $id) { id status seatsTaken } }';
const NOTIFICATIONS = 'query { notifications(first: 50) { type applicationId params { reason } } }';

interface Application {
  id: string;
  status: string;
  history: { from: string | null; to: string; reason: string | null; actor: { id: string } | null }[];
}

function errorOf(res: GqlResponse): { code: string; reason?: string; [key: string]: unknown } {
  expect(res.errors).toHaveLength(1);
  return res.errors![0].extensions as { code: string; reason?: string };
}

/** A date `days` from today (YYYY-MM-DD, UTC). */
function day(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

describe('placements', () => {
  let t: TestApp;
  let host: CreatedUser;
  let hrLumc: string;

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    host = await aSupervisor(t, 'LUMC');
    hrLumc = await t.login('hr@lumc.test');
  }, 60_000);
  afterAll(() => t.close());

  const anOpportunity = (spec: Partial<OpportunitySpec> = {}): Promise<OpportunityEntity> =>
    anOpportunityRow(t, { leadSupervisorId: host.user.id, hostOrg: 'LUMC', ...spec });

  const anOffer = (opportunity: OpportunityEntity, candidate: CreatedUser) =>
    anApplication(t, {
      opportunityId: opportunity.id,
      candidateId: candidate.user.id,
      status: ApplicationStatus.OFFERED,
    });

  async function applicationAs(token: string, id: string): Promise<Application> {
    const res = await t.gql<{ application: Application }>(APPLICATION, { id }, token);
    expect(res.errors).toBeUndefined();
    return res.data!.application;
  }

  async function seatsTaken(id: string): Promise<number> {
    const res = await t.gql<{ opportunity: { seatsTaken: number } }>(OPPORTUNITY, { id }, hrLumc);
    return res.data!.opportunity.seatsTaken;
  }

  async function notificationsOf(token: string) {
    const res = await t.gql<{
      notifications: { type: string; applicationId: string | null; params: { reason: string | null } }[];
    }>(NOTIFICATIONS, {}, token);
    expect(res.errors).toBeUndefined();
    return res.data!.notifications;
  }

  function lifecycle(mutation: string, id: string, token = hrLumc) {
    return t.gql<Record<string, { id: string; status: string }>>(
      `mutation($id: ID!) { ${mutation}(id: $id) { id status } }`,
      { id },
      token,
    );
  }

  describe('an offer of an opportunity that has ended (hole 1)', () => {
    it('cannot be accepted after HR closed, allocated and completed the opportunity: no seat is taken', async () => {
      const candidate = await aCandidate(t);
      const opportunity = await anOpportunity({ startsOn: day(-10), endsOn: day(60), capacity: 2 });
      const offer = await anOffer(opportunity, candidate);
      for (const step of ['closeOpportunity', 'markOpportunityAllocated', 'completeOpportunity']) {
        const res = await lifecycle(step, opportunity.id);
        expect(res.errors).toBeUndefined();
      }

      const res = await t.gql(ACCEPT, { id: offer.id }, candidate.token);
      expect(errorOf(res).code).toBe('CONFLICT');
      expect((await applicationAs(candidate.token, offer.id)).status).toBe('WITHDRAWN');
      expect(await seatsTaken(opportunity.id)).toBe(0);
    });

    it('is refused with OPPORTUNITY_ENDED when the opportunity was cancelled or completed with the offer still open', async () => {
      for (const status of [OpportunityStatus.COMPLETED, OpportunityStatus.CANCELLED]) {
        const candidate = await aCandidate(t);
        const opportunity = await anOpportunity({ status, startsOn: day(-10), endsOn: day(60) });
        const offer = await anOffer(opportunity, candidate);

        const res = await t.gql(ACCEPT, { id: offer.id }, candidate.token);
        expect(errorOf(res)).toMatchObject({ code: 'CONFLICT', reason: 'OPPORTUNITY_ENDED' });
        expect((await applicationAs(candidate.token, offer.id)).status).toBe('OFFERED');
        expect(await seatsTaken(opportunity.id)).toBe(0);
      }
    });

    it('is withdrawn with the cancellation reason when HR cancels the opportunity', async () => {
      const candidate = await aCandidate(t);
      const opportunity = await anOpportunity({ startsOn: day(30), endsOn: day(90) });
      const offer = await anOffer(opportunity, candidate);
      const res = await t.gql(
        'mutation($id: ID!, $r: String!) { cancelOpportunity(id: $id, reason: $r) { status } }',
        { id: opportunity.id, r: 'Funding ended' },
        hrLumc,
      );
      expect(res.errors).toBeUndefined();

      const after = await applicationAs(candidate.token, offer.id);
      expect(after.status).toBe('WITHDRAWN');
      expect(after.history.at(-1)).toMatchObject({ from: 'OFFERED', to: 'WITHDRAWN' });
      expect(after.history.at(-1)!.reason).toContain('Funding ended');
      expect(errorOf(await t.gql(ACCEPT, { id: offer.id }, candidate.token)).code).toBe('CONFLICT');
    });
  });

  describe('completing an opportunity (hole 2)', () => {
    it('completes its ACCEPTED placements, withdraws its open offers and rejects the waiting applications, each with its history and notice', async () => {
      const [placedA, placedB, offered, waiting] = await Promise.all([
        aCandidate(t),
        aCandidate(t),
        aCandidate(t),
        aCandidate(t),
      ]);
      const opportunity = await anOpportunity({
        status: OpportunityStatus.ALLOCATED,
        startsOn: day(-30),
        endsOn: day(-1),
        capacity: 3,
        seatsTaken: 2,
      });
      const accepted = await Promise.all(
        [placedA, placedB].map((c) =>
          anApplication(t, {
            opportunityId: opportunity.id,
            candidateId: c.user.id,
            status: ApplicationStatus.ACCEPTED,
          }),
        ),
      );
      const offer = await anOffer(opportunity, offered);
      const submitted = await anApplication(t, {
        opportunityId: opportunity.id,
        candidateId: waiting.user.id,
        status: ApplicationStatus.SUBMITTED,
      });

      const res = await lifecycle('completeOpportunity', opportunity.id);
      expect(res.errors).toBeUndefined();
      expect(res.data!.completeOpportunity.status).toBe('COMPLETED');

      const hrId = (await t.gql<{ me: { id: string } }>('query { me { id } }', {}, hrLumc)).data!.me.id;
      for (const [candidate, application] of [
        [placedA, accepted[0]],
        [placedB, accepted[1]],
      ] as const) {
        const after = await applicationAs(candidate.token, application.id);
        expect(after.status).toBe('COMPLETED');
        expect(after.history.at(-1)).toMatchObject({
          from: 'ACCEPTED',
          to: 'COMPLETED',
          actor: { id: hrId },
        });
        expect((await notificationsOf(candidate.token)).map((n) => n.type)).toContain(
          'APPLICATION_COMPLETED',
        );
      }
      expect((await applicationAs(offered.token, offer.id)).status).toBe('WITHDRAWN');
      expect((await notificationsOf(offered.token)).map((n) => n.type)).toContain(
        'APPLICATION_OFFER_WITHDRAWN',
      );
      expect((await applicationAs(waiting.token, submitted.id)).status).toBe('REJECTED');
      const hostNotices = await notificationsOf(host.token);
      expect(
        hostNotices.filter(
          (n) =>
            n.type === 'APPLICATION_ASSESSMENT_REQUESTED' && accepted.some((a) => a.id === n.applicationId),
        ),
      ).toHaveLength(2);
    });
  });

  describe('before the opportunity starts (hole 3)', () => {
    it('refuses to complete a placement, or the opportunity holding it, before its first day', async () => {
      const candidate = await aCandidate(t);
      const opportunity = await anOpportunity({
        status: OpportunityStatus.ALLOCATED,
        startsOn: day(14),
        endsOn: day(100),
        seatsTaken: 1,
      });
      const placement = await anApplication(t, {
        opportunityId: opportunity.id,
        candidateId: candidate.user.id,
        status: ApplicationStatus.ACCEPTED,
      });

      const early = await t.gql(COMPLETE, { id: placement.id }, host.token);
      expect(errorOf(early)).toMatchObject({ code: 'CONFLICT', reason: 'PLACEMENT_NOT_STARTED' });
      const whole = await lifecycle('completeOpportunity', opportunity.id);
      expect(errorOf(whole)).toMatchObject({ code: 'CONFLICT', reason: 'PLACEMENT_NOT_STARTED' });

      expect((await applicationAs(candidate.token, placement.id)).status).toBe('ACCEPTED');
      const state = await t.gql<{ opportunity: { status: string } }>(
        OPPORTUNITY,
        { id: opportunity.id },
        hrLumc,
      );
      expect(state.data!.opportunity.status).toBe('ALLOCATED');
    });

    it('completes a placement from its first day on', async () => {
      const candidate = await aCandidate(t);
      const opportunity = await anOpportunity({ startsOn: day(0), endsOn: day(30), seatsTaken: 1 });
      const placement = await anApplication(t, {
        opportunityId: opportunity.id,
        candidateId: candidate.user.id,
        status: ApplicationStatus.ACCEPTED,
      });
      const res = await t.gql<{ completeApplication: Application }>(
        COMPLETE,
        { id: placement.id },
        host.token,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.completeApplication.status).toBe('COMPLETED');
    });

    it('refuses evidence for a placement whose opportunity has not started', async () => {
      const candidate = await aCandidate(t);
      const opportunity = await anOpportunity({ startsOn: day(14), endsOn: day(100) });
      const placement = await anApplication(t, {
        opportunityId: opportunity.id,
        candidateId: candidate.user.id,
        status: ApplicationStatus.COMPLETED,
      });
      const competence = await aCompetence(t);
      await t.dataSource
        .getRepository(OpportunityDevelopedCompetenceEntity)
        .insert({ opportunityId: opportunity.id, competenceId: competence.id });
      const res = await t.gql(
        EVIDENCE,
        {
          i: {
            applicationId: placement.id,
            assessments: [{ competenceId: competence.id, level: 3 }],
            note: 'Early',
          },
        },
        host.token,
      );
      expect(errorOf(res)).toMatchObject({ code: 'CONFLICT', reason: 'PLACEMENT_NOT_STARTED' });
    });
  });

  describe('overlapping placements (hole 4)', () => {
    it('refuses to accept a placement whose period overlaps one the candidate holds, naming it; a later one is fine', async () => {
      const candidate = await aCandidate(t);
      const internship = await anOpportunity({
        title: 'Spring internship',
        startsOn: '2027-03-01',
        endsOn: '2027-06-30',
      });
      const project = await anOpportunity({
        title: 'Summer project',
        startsOn: '2027-06-30',
        endsOn: '2027-08-31',
      });
      const later = await anOpportunity({
        title: 'Autumn visit',
        startsOn: '2027-07-01',
        endsOn: '2027-07-03',
      });
      const first = await anOffer(internship, candidate);
      const second = await anOffer(project, candidate);
      const third = await anOffer(later, candidate);

      expect((await t.gql(ACCEPT, { id: first.id }, candidate.token)).errors).toBeUndefined();
      const clash = await t.gql(ACCEPT, { id: second.id }, candidate.token);
      expect(errorOf(clash)).toMatchObject({
        code: 'CONFLICT',
        reason: 'PLACEMENTS_OVERLAP',
        clashingPlacement: {
          applicationId: first.id,
          opportunityId: internship.id,
          title: 'Spring internship',
          startsOn: '2027-03-01',
          endsOn: '2027-06-30',
        },
      });
      expect((await applicationAs(candidate.token, second.id)).status).toBe('OFFERED');
      expect(await seatsTaken(project.id)).toBe(0);

      expect((await t.gql(ACCEPT, { id: third.id }, candidate.token)).errors).toBeUndefined();
    });

    it('lets only one of two overlapping offers accepted at the same moment through', async () => {
      const candidate = await aCandidate(t);
      const a = await anOpportunity({ startsOn: '2027-09-01', endsOn: '2027-12-31' });
      const b = await anOpportunity({ startsOn: '2027-10-01', endsOn: '2027-11-30' });
      const offers = [await anOffer(a, candidate), await anOffer(b, candidate)];

      const results = await Promise.all(offers.map((o) => t.gql(ACCEPT, { id: o.id }, candidate.token)));
      expect(results.filter((r) => !r.errors)).toHaveLength(1);
      const refused = results.find((r) => r.errors);
      expect(errorOf(refused!).reason).toBe('PLACEMENTS_OVERLAP');
      expect((await seatsTaken(a.id)) + (await seatsTaken(b.id))).toBe(1);
    });
  });

  describe('offers and seats (hole 6)', () => {
    it('refuses an offer when every free seat is offered already', async () => {
      const [first, second] = await Promise.all([aCandidate(t), aCandidate(t)]);
      const opportunity = await anOpportunity({ capacity: 1 });
      const [a, b] = await Promise.all(
        [first, second].map((c) =>
          anApplication(t, {
            opportunityId: opportunity.id,
            candidateId: c.user.id,
            status: ApplicationStatus.SHORTLISTED,
          }),
        ),
      );
      const d = new Date(Date.now() + 72 * HOUR).toISOString();
      expect((await t.gql(OFFER, { id: a.id, d }, host.token)).errors).toBeUndefined();

      const extra = await t.gql(OFFER, { id: b.id, d }, host.token);
      expect(errorOf(extra)).toMatchObject({
        code: 'CONFLICT',
        reason: 'OFFERS_EXCEED_SEATS',
        capacity: 1,
        seatsTaken: 0,
        openOffers: 1,
      });
      expect((await applicationAs(host.token, b.id)).status).toBe('SHORTLISTED');
    });

    it('withdraws the other open offers when the last seat is taken, telling each candidate why', async () => {
      const [taker, other, third] = await Promise.all([aCandidate(t), aCandidate(t), aCandidate(t)]);
      // Offers made before the rule above (or a capacity lowered since): more offers than seats.
      const opportunity = await anOpportunity({
        capacity: 2,
        seatsTaken: 1,
        startsOn: '2028-02-01',
        endsOn: '2028-03-01',
      });
      const offers = [
        await anOffer(opportunity, taker),
        await anOffer(opportunity, other),
        await anOffer(opportunity, third),
      ];

      const res = await t.gql<{ acceptOffer: Application }>(ACCEPT, { id: offers[0].id }, taker.token);
      expect(res.errors).toBeUndefined();
      expect(res.data!.acceptOffer.status).toBe('ACCEPTED');
      expect(await seatsTaken(opportunity.id)).toBe(2);

      for (const [candidate, offer] of [
        [other, offers[1]],
        [third, offers[2]],
      ] as const) {
        const after = await applicationAs(candidate.token, offer.id);
        expect(after.status).toBe('WITHDRAWN');
        expect(after.history.at(-1)).toMatchObject({
          from: 'OFFERED',
          to: 'WITHDRAWN',
          actor: null,
          reason: 'All seats are taken',
        });
        const notices = await notificationsOf(candidate.token);
        expect(notices).toContainEqual({
          type: 'APPLICATION_OFFER_WITHDRAWN',
          applicationId: offer.id,
          params: { reason: 'All seats are taken' },
        });
      }
    });

    it('keeps the other offers while seats remain', async () => {
      const [taker, other] = await Promise.all([aCandidate(t), aCandidate(t)]);
      const opportunity = await anOpportunity({ capacity: 2, startsOn: '2028-04-01', endsOn: '2028-05-01' });
      const offers = [await anOffer(opportunity, taker), await anOffer(opportunity, other)];
      expect((await t.gql(ACCEPT, { id: offers[0].id }, taker.token)).errors).toBeUndefined();
      expect((await applicationAs(other.token, offers[1].id)).status).toBe('OFFERED');
    });
  });
});
