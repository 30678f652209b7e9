import { ApplicationStatus, CareerStage, UserRole } from '../../src/core/domain/enums';
import { OpportunityEntity } from '../../src/opportunities/entities/opportunity.entity';
import { aCandidate, anApplication, anOpportunityRow, aSupervisor } from '../factories/applications.factory';
import { aUser, CreatedUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../utils/test-app';

/** The rest of a placement's life (issue 11): withdrawing after accepting, passing the seat on, no-shows. */

const ACCEPT = `mutation($id: ID!) { acceptOffer(id: $id) { id status } }`;
const WITHDRAW = `mutation($id: ID!, $reason: String) { withdrawApplication(id: $id, reason: $reason) { id status } }`;
const RANK = `mutation($opportunityId: ID!, $applicationIds: [ID!]!) {
  rankApplicants(opportunityId: $opportunityId, applicationIds: $applicationIds) { rank }
}`;
const APPLICATION = `query($id: ID!) { application(id: $id) {
  id status responseDeadline history { from to reason at actor { id } }
} }`;
const NOTIFICATIONS = `{ notifications(first: 50) { type message } }`;

interface HistoryRow {
  from: string | null;
  to: string;
  reason: string | null;
  at: string;
  actor: { id: string } | null;
}
interface ApplicationView {
  id: string;
  status: string;
  responseDeadline: string | null;
  history: HistoryRow[];
}

describe('placement life', () => {
  let t: TestApp;
  let host: CreatedUser;

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    host = await aSupervisor(t, 'LUMC');
  }, 60_000);
  afterAll(() => t.close());

  async function view(id: string, token: string): Promise<ApplicationView> {
    const res = await t.gql<{ application: ApplicationView }>(APPLICATION, { id }, token);
    expect(res.errors).toBeUndefined();
    return res.data!.application;
  }

  async function seatsTaken(id: string): Promise<number> {
    return (await t.dataSource.getRepository(OpportunityEntity).findOneByOrFail({ id })).seatsTaken;
  }

  async function notificationTypes(token: string): Promise<string[]> {
    const res = await t.gql<{ notifications: { type: string }[] }>(NOTIFICATIONS, {}, token);
    expect(res.errors).toBeUndefined();
    return res.data!.notifications.map((n) => n.type);
  }

  /** A full one-seat opportunity: `placed` accepted its offer through the API. */
  async function aFullOpportunity(opts: { startsOn?: string } = {}) {
    const opportunity = await anOpportunityRow(t, {
      leadSupervisorId: host.user.id,
      capacity: 1,
      startsOn: opts.startsOn,
    });
    const placed = await aCandidate(t);
    const offer = await anApplication(t, {
      opportunityId: opportunity.id,
      candidateId: placed.user.id,
      status: ApplicationStatus.OFFERED,
    });
    const accepted = await t.gql(ACCEPT, { id: offer.id }, placed.token);
    expect(accepted.errors).toBeUndefined();
    return { opportunity, placed, placement: offer };
  }

  describe('a candidate withdraws after accepting', () => {
    it('needs a reason; then frees the seat, records the step, tells the host and offers the seat to the best-ranked on the waiting list', async () => {
      const { opportunity, placed, placement } = await aFullOpportunity();
      const second = await aCandidate(t);
      const first = await aCandidate(t);
      const submittedOnly = await aCandidate(t);
      const secondApp = await anApplication(t, {
        opportunityId: opportunity.id,
        candidateId: second.user.id,
        status: ApplicationStatus.SHORTLISTED,
      });
      const firstApp = await anApplication(t, {
        opportunityId: opportunity.id,
        candidateId: first.user.id,
        status: ApplicationStatus.SHORTLISTED,
      });
      await anApplication(t, {
        opportunityId: opportunity.id,
        candidateId: submittedOnly.user.id,
        status: ApplicationStatus.SUBMITTED,
      });
      const ranked = await t.gql(
        RANK,
        { opportunityId: opportunity.id, applicationIds: [firstApp.id, secondApp.id] },
        host.token,
      );
      expect(ranked.errors).toBeUndefined();
      expect(await seatsTaken(opportunity.id)).toBe(1);

      const withoutReason = await t.gql(WITHDRAW, { id: placement.id }, placed.token);
      expect(withoutReason.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'REASON_REQUIRED',
      });

      const res = await t.gql<{ withdrawApplication: { status: string } }>(
        WITHDRAW,
        { id: placement.id, reason: 'I was offered a PhD position' },
        placed.token,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.withdrawApplication.status).toBe('WITHDRAWN');

      const withdrawn = await view(placement.id, placed.token);
      expect(withdrawn.history.at(-1)).toMatchObject({
        from: 'ACCEPTED',
        to: 'WITHDRAWN',
        reason: 'I was offered a PhD position',
        actor: { id: placed.user.id },
      });
      expect(await notificationTypes(host.token)).toContain('APPLICATION_WITHDRAWN_AFTER_ACCEPTANCE');

      // The seat went to rank 1 of the waiting list, as an offer the system made.
      const offered = await view(firstApp.id, first.token);
      expect(offered.status).toBe('OFFERED');
      expect(offered.responseDeadline).not.toBeNull();
      expect(offered.history.at(-1)).toMatchObject({ from: 'SHORTLISTED', to: 'OFFERED', actor: null });
      expect(await notificationTypes(first.token)).toContain('APPLICATION_OFFERED');
      expect((await view(secondApp.id, second.token)).status).toBe('SHORTLISTED');
      expect(await seatsTaken(opportunity.id)).toBe(0);

      // The one offered accepts: the seat is taken again.
      const again = await t.gql(ACCEPT, { id: firstApp.id }, first.token);
      expect(again.errors).toBeUndefined();
      expect(await seatsTaken(opportunity.id)).toBe(1);
    });

    it('leaves the seat free when nobody is on the waiting list, and passes a declined offer on too', async () => {
      const { opportunity, placed, placement } = await aFullOpportunity();
      const res = await t.gql(WITHDRAW, { id: placement.id, reason: 'moving abroad' }, placed.token);
      expect(res.errors).toBeUndefined();
      expect(await seatsTaken(opportunity.id)).toBe(0);

      // A shortlisted applicant arrives; the host offers; the offer is declined: the next one gets it.
      const a = await aCandidate(t);
      const b = await aCandidate(t);
      const offer = await anApplication(t, {
        opportunityId: opportunity.id,
        candidateId: a.user.id,
        status: ApplicationStatus.OFFERED,
      });
      const next = await anApplication(t, {
        opportunityId: opportunity.id,
        candidateId: b.user.id,
        status: ApplicationStatus.SHORTLISTED,
      });
      const declined = await t.gql(
        `mutation($id: ID!) { declineOffer(id: $id) { status } }`,
        { id: offer.id },
        a.token,
      );
      expect(declined.errors).toBeUndefined();
      expect((await view(next.id, b.token)).status).toBe('OFFERED');
    });

    it('is refused to anyone but the candidate: the host cannot withdraw it, others do not see it', async () => {
      const { placement } = await aFullOpportunity();
      const stranger = await aCandidate(t);
      const otherHr = await aUser(t, { roles: [UserRole.HR], organisation: 'JANSSEN' });
      const byHost = await t.gql(WITHDRAW, { id: placement.id, reason: 'x' }, host.token);
      expect(byHost.errors?.[0].extensions.code).toBe('FORBIDDEN');
      for (const token of [stranger.token]) {
        const res = await t.gql(WITHDRAW, { id: placement.id, reason: 'x' }, token);
        expect(res.errors?.[0].extensions.code).toBe('NOT_FOUND');
      }
      const byOtherHr = await t.gql(WITHDRAW, { id: placement.id, reason: 'x' }, otherHr.token);
      expect(byOtherHr.errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect((await view(placement.id, host.token)).status).toBe('ACCEPTED');
    });
  });

  describe('a host records a no-show', () => {
    const NO_SHOW = `mutation($id: ID!, $reason: String) { recordNoShow(id: $id, reason: $reason) { id status } }`;

    it('is refused before the placement starts, then records NO_SHOW, frees the seat and tells the candidate', async () => {
      const future = await aFullOpportunity({ startsOn: '2027-01-05' });
      const early = await t.gql(NO_SHOW, { id: future.placement.id }, host.token);
      expect(early.errors?.[0].extensions).toMatchObject({
        code: 'CONFLICT',
        reason: 'PLACEMENT_NOT_STARTED',
      });

      const { opportunity, placed, placement } = await aFullOpportunity({ startsOn: '2026-01-05' });
      const res = await t.gql<{ recordNoShow: { status: string } }>(
        NO_SHOW,
        { id: placement.id, reason: 'did not arrive on the first day, no answer to calls' },
        host.token,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.recordNoShow.status).toBe('NO_SHOW');
      expect((await view(placement.id, placed.token)).history.at(-1)).toMatchObject({
        from: 'ACCEPTED',
        to: 'NO_SHOW',
        reason: 'did not arrive on the first day, no answer to calls',
        actor: { id: host.user.id },
      });
      expect(await seatsTaken(opportunity.id)).toBe(0);
      expect(await notificationTypes(placed.token)).toContain('APPLICATION_NO_SHOW');
      const again = await t.gql(NO_SHOW, { id: placement.id }, host.token);
      expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ILLEGAL_TRANSITION' });
    });

    it('is refused to the candidate, a supervisor of the host organisation and HR of another one', async () => {
      const { placement, placed } = await aFullOpportunity({ startsOn: '2026-01-05' });
      const colleague = await aSupervisor(t, 'LUMC');
      const otherHr = await aUser(t, { roles: [UserRole.HR], organisation: 'JANSSEN' });
      const byCandidate = await t.gql(NO_SHOW, { id: placement.id }, placed.token);
      expect(byCandidate.errors?.[0].extensions.code).toBe('FORBIDDEN');
      for (const token of [colleague.token, otherHr.token]) {
        const res = await t.gql(NO_SHOW, { id: placement.id }, token);
        expect(res.errors?.[0].extensions.code).toBe('NOT_FOUND');
      }
      expect((await view(placement.id, placed.token)).status).toBe('ACCEPTED');
    });
  });

  describe('HR overrides outside rounds', () => {
    const GRANT = `mutation($o: ID!, $c: ID!, $reason: String!) {
      grantEligibilityOverride(input: { opportunityId: $o, candidateId: $c, reason: $reason }) { id reason createdAt }
    }`;
    const PLACE = `mutation($o: ID!, $c: ID!, $reason: String!) {
      placeCandidate(input: { opportunityId: $o, candidateId: $c, reason: $reason }) { id status }
    }`;
    const SUBMIT = `mutation($o: ID!) { submitApplication(input: { opportunityId: $o, motivation: "Please" }) { id status } }`;
    const MINE = `{ myEligibilityOverrides { opportunityId reason } }`;
    let hr: CreatedUser;

    beforeAll(async () => {
      hr = await aUser(t, { roles: [UserRole.HR], organisation: 'LUMC' });
    });

    it('lets an ineligible candidate apply to that one opportunity, with a reason the candidate sees', async () => {
      const opportunity = await anOpportunityRow(t, {
        leadSupervisorId: host.user.id,
        eligibleStages: [CareerStage.MASTER_STUDENT],
      });
      const other = await anOpportunityRow(t, {
        leadSupervisorId: host.user.id,
        eligibleStages: [CareerStage.MASTER_STUDENT],
      });
      const bachelor = await aCandidate(t, { stage: CareerStage.BACHELOR_STUDENT });
      const refused = await t.gql(SUBMIT, { o: opportunity.id }, bachelor.token);
      expect(refused.errors?.[0].extensions.reason).toBe('STAGE_NOT_ELIGIBLE');

      const FIT = `query($o: ID!) { myFit(opportunityId: $o) { eligible reasons eligibilityOverride { reason } } }`;
      type Fit = {
        myFit: { eligible: boolean; reasons: string[]; eligibilityOverride: { reason: string } | null };
      };
      const before = await t.gql<Fit>(FIT, { o: opportunity.id }, bachelor.token);
      expect(before.data!.myFit).toMatchObject({ eligible: false, eligibilityOverride: null });
      expect(before.data!.myFit.reasons.length).toBeGreaterThan(0);

      const reason = 'Strong lab record from the summer school; the supervisor agreed';
      const granted = await t.gql(GRANT, { o: opportunity.id, c: bachelor.user.id, reason }, hr.token);
      expect(granted.errors).toBeUndefined();
      const mine = await t.gql<{ myEligibilityOverrides: { opportunityId: string; reason: string }[] }>(
        MINE,
        {},
        bachelor.token,
      );
      expect(mine.data!.myEligibilityOverrides).toEqual([{ opportunityId: opportunity.id, reason }]);
      expect(await notificationTypes(bachelor.token)).toContain('APPLICATION_ELIGIBILITY_OVERRIDDEN');
      // The fit explanation honours it as the apply path does.
      const after = await t.gql<Fit>(FIT, { o: opportunity.id }, bachelor.token);
      expect(after.data!.myFit).toEqual({ eligible: true, reasons: [], eligibilityOverride: { reason } });

      const applied = await t.gql<{ submitApplication: { status: string } }>(
        SUBMIT,
        { o: opportunity.id },
        bachelor.token,
      );
      expect(applied.errors).toBeUndefined();
      expect(applied.data!.submitApplication.status).toBe('SUBMITTED');
      // Only that one opportunity.
      const elsewhere = await t.gql(SUBMIT, { o: other.id }, bachelor.token);
      expect(elsewhere.errors?.[0].extensions.reason).toBe('STAGE_NOT_ELIGIBLE');

      const again = await t.gql(GRANT, { o: opportunity.id, c: bachelor.user.id, reason }, hr.token);
      expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'OVERRIDE_EXISTS' });
      const blank = await t.gql(GRANT, { o: other.id, c: bachelor.user.id, reason: '   ' }, hr.token);
      expect(blank.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'REASON_REQUIRED',
      });
    });

    it('places a candidate directly: ACCEPTED with the history and a seat, both sides told; never beyond the seats', async () => {
      const opportunity = await anOpportunityRow(t, { leadSupervisorId: host.user.id, capacity: 2 });
      const direct = await aCandidate(t);
      const reason = 'Agreed with both departments at the exchange fair';
      const placed = await t.gql<{ placeCandidate: { id: string; status: string } }>(
        PLACE,
        { o: opportunity.id, c: direct.user.id, reason },
        hr.token,
      );
      expect(placed.errors).toBeUndefined();
      expect(placed.data!.placeCandidate.status).toBe('ACCEPTED');
      const history = (await view(placed.data!.placeCandidate.id, direct.token)).history;
      expect(history.map((h) => [h.from, h.to, h.reason, h.actor?.id])).toEqual([
        [null, 'SUBMITTED', reason, hr.user.id],
        ['SUBMITTED', 'ACCEPTED', reason, hr.user.id],
      ]);
      expect(await seatsTaken(opportunity.id)).toBe(1);
      expect(await notificationTypes(direct.token)).toContain('APPLICATION_PLACED');
      expect(await notificationTypes(host.token)).toContain('APPLICATION_PLACED_BY_HR');

      const twice = await t.gql(PLACE, { o: opportunity.id, c: direct.user.id, reason }, hr.token);
      expect(twice.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_PLACED' });

      // The last seat is held by an open offer: nobody else is placed, but its holder may be.
      const offered = await aCandidate(t);
      const offer = await anApplication(t, {
        opportunityId: opportunity.id,
        candidateId: offered.user.id,
        status: ApplicationStatus.OFFERED,
      });
      const third = await aCandidate(t);
      const full = await t.gql(PLACE, { o: opportunity.id, c: third.user.id, reason }, hr.token);
      expect(full.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'NO_SEATS_LEFT' });
      const holder = await t.gql<{ placeCandidate: { id: string; status: string } }>(
        PLACE,
        { o: opportunity.id, c: offered.user.id, reason },
        hr.token,
      );
      expect(holder.errors).toBeUndefined();
      expect(holder.data!.placeCandidate).toEqual({ id: offer.id, status: 'ACCEPTED' });
      expect(await seatsTaken(opportunity.id)).toBe(2);
    });

    it('never places a candidate on a period that overlaps a placement they hold (the clash named)', async () => {
      const { placed } = await aFullOpportunity();
      const sameDates = await anOpportunityRow(t, { leadSupervisorId: host.user.id });
      const res = await t.gql(
        PLACE,
        { o: sameDates.id, c: placed.user.id, reason: 'second project' },
        hr.token,
      );
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'PLACEMENTS_OVERLAP' });
      expect(await seatsTaken(sameDates.id)).toBe(0);
    });

    it('gives the last seat to one of two placements made at the same time (the opportunity row is locked)', async () => {
      const opportunity = await anOpportunityRow(t, { leadSupervisorId: host.user.id, capacity: 1 });
      const [a, b] = await Promise.all([aCandidate(t), aCandidate(t)]);
      const results = await Promise.all(
        [a, b].map((c) => t.gql(PLACE, { o: opportunity.id, c: c.user.id, reason: 'both agreed' }, hr.token)),
      );
      const refused = results.filter((r) => r.errors);
      expect(refused).toHaveLength(1);
      expect(refused[0].errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'NO_SEATS_LEFT' });
      expect(await seatsTaken(opportunity.id)).toBe(1);
    });

    it('refuses both overrides to candidates, supervisors (the lead too) and HR of another organisation', async () => {
      const opportunity = await anOpportunityRow(t, { leadSupervisorId: host.user.id });
      const someone = await aCandidate(t);
      const otherHr = await aUser(t, { roles: [UserRole.HR], organisation: 'JANSSEN' });
      const vars = { o: opportunity.id, c: someone.user.id, reason: 'because' };
      for (const op of [GRANT, PLACE]) {
        for (const token of [someone.token, host.token]) {
          const res = await t.gql(op, vars, token);
          expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
        }
        const res = await t.gql(op, vars, otherHr.token);
        expect(res.errors?.[0].extensions.code).toBe('NOT_FOUND');
      }
      expect(await seatsTaken(opportunity.id)).toBe(0);
      const mine = await t.gql<{ myEligibilityOverrides: unknown[] }>(MINE, {}, someone.token);
      expect(mine.data!.myEligibilityOverrides).toEqual([]);
    });

    it("keeps an erased candidate's override as the record, without HR's reason", async () => {
      const opportunity = await anOpportunityRow(t, { leadSupervisorId: host.user.id });
      const person = await aCandidate(t);
      const reason = 'Ana has a strong record from the summer school';
      const granted = await t.gql(GRANT, { o: opportunity.id, c: person.user.id, reason }, hr.token);
      expect(granted.errors).toBeUndefined();
      const admin = await t.login('admin@talent-exchange.test');
      const erased = await t.gql(
        `mutation($id: ID!) { erasePerson(userId: $id, reason: "request 42") { subjectId } }`,
        { id: person.user.id },
        admin,
      );
      expect(erased.errors).toBeUndefined();
      const rows = await t.dataSource.query<{ reason: string }[]>(
        'SELECT reason FROM eligibility_overrides WHERE opportunity_id = $1',
        [opportunity.id],
      );
      expect(rows).toEqual([{ reason: '(erased)' }]);
    });
  });
});
