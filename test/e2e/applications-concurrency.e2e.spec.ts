import { ApplicationTransitionEntity } from '../../src/applications/entities/application.entity';
import { OfferExpiryJob } from '../../src/applications/offer-expiry.job';
import { ApplicationStatus } from '../../src/core/domain/enums';
import { NotificationEntity } from '../../src/notifications/entities/notification.entity';
import { OpportunityEntity } from '../../src/opportunities/entities/opportunity.entity';
import { aCandidate, anApplication, anOpportunityRow, aSupervisor } from '../factories/applications.factory';
import { CreatedUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../utils/test-app';

const HOUR = 3600_000;
const ACCEPT = 'mutation($id: ID!) { acceptOffer(id: $id) { id status } }';

describe('applications under concurrency', () => {
  let t: TestApp;
  let host: CreatedUser;
  let candidates: CreatedUser[];
  let firstOpportunityId: string;

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    host = await aSupervisor(t, 'LUMC');
    candidates = [];
    for (let i = 0; i < 3; i++) {
      candidates.push(...(await Promise.all(Array.from({ length: 10 }, () => aCandidate(t)))));
    }
  }, 120_000);
  afterAll(() => t.close());

  it('gives 3 seats to exactly 3 of 30 concurrent accepts and refuses the other 27 with NO_SEATS_LEFT', async () => {
    const opportunity = await anOpportunityRow(t, { capacity: 3, leadSupervisorId: host.user.id });
    firstOpportunityId = opportunity.id;
    const applications = await Promise.all(
      candidates.map((c) =>
        anApplication(t, {
          opportunityId: opportunity.id,
          candidateId: c.user.id,
          status: ApplicationStatus.OFFERED,
          responseDeadline: new Date(Date.now() + 48 * HOUR),
        }),
      ),
    );

    const results = await Promise.all(
      applications.map((a, i) =>
        t.gql<{ acceptOffer: { status: string } }>(ACCEPT, { id: a.id }, candidates[i].token),
      ),
    );

    const accepted = results.filter((r) => r.data?.acceptOffer?.status === 'ACCEPTED');
    const refused = results.filter((r) => r.errors);
    expect(accepted).toHaveLength(3);
    expect(refused).toHaveLength(27);
    for (const r of refused) {
      expect(r.errors).toHaveLength(1);
      expect(r.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'NO_SEATS_LEFT' });
    }
    const stored = await t.dataSource
      .getRepository(OpportunityEntity)
      .findOneByOrFail({ id: opportunity.id });
    expect(stored.seatsTaken).toBe(3);
    const statuses: { status: string; n: string }[] = await t.dataSource.query(
      'SELECT status, count(*) AS n FROM applications WHERE opportunity_id = $1 GROUP BY status ORDER BY status',
      [opportunity.id],
    );
    // The last seat taken withdraws the other offers (no offer stays open on a full opportunity).
    expect(statuses).toEqual([
      { status: 'ACCEPTED', n: '3' },
      { status: 'WITHDRAWN', n: '27' },
    ]);
  });

  it('expires each past-deadline offer exactly once when two job runs race, with a transition and notifications', async () => {
    const opportunity = await anOpportunityRow(t, {
      capacity: 30,
      leadSupervisorId: host.user.id,
      title: 'Expiry lab',
    });
    const deadline = new Date(Date.now() + HOUR);
    const applications = await Promise.all(
      candidates.map((c) =>
        anApplication(t, {
          opportunityId: opportunity.id,
          candidateId: c.user.id,
          status: ApplicationStatus.OFFERED,
          responseDeadline: deadline,
        }),
      ),
    );
    const ids = applications.map((a) => a.id);
    // An offer due in 48 hours, elsewhere: the job leaves it alone.
    const notDue = await anApplication(t, {
      opportunityId: firstOpportunityId,
      candidateId: (await aCandidate(t)).user.id,
      status: ApplicationStatus.OFFERED,
      responseDeadline: new Date(Date.now() + 48 * HOUR),
    });
    const job = t.app.get(OfferExpiryJob);

    // Not yet due: nothing happens.
    expect(await job.expireDueOffers(new Date(deadline.getTime() - 1000))).toBe(0);

    const later = new Date(deadline.getTime() + HOUR);
    const [first, second] = await Promise.all([job.expireDueOffers(later), job.expireDueOffers(later)]);
    expect(first + second).toBe(30);
    expect(await job.expireDueOffers(later)).toBe(0);

    const rows: { status: string }[] = await t.dataSource.query(
      'SELECT status FROM applications WHERE id = ANY($1)',
      [ids],
    );
    expect(rows.every((r) => r.status === 'EXPIRED')).toBe(true);

    const transitions = await t.dataSource
      .getRepository(ApplicationTransitionEntity)
      .createQueryBuilder('tr')
      .where('tr.application_id = ANY(:ids)', { ids })
      .andWhere('tr.to_status = :s', { s: ApplicationStatus.EXPIRED })
      .getMany();
    expect(transitions).toHaveLength(30);
    expect(new Set(transitions.map((tr) => tr.applicationId)).size).toBe(30);
    expect(transitions.every((tr) => tr.fromStatus === 'OFFERED' && tr.actorId === null)).toBe(true);

    const notifications = await t.dataSource
      .getRepository(NotificationEntity)
      .createQueryBuilder('n')
      .where(`n.data->>'opportunityId' = :o`, { o: opportunity.id })
      .andWhere('n.type = :type', { type: 'APPLICATION_OFFER_EXPIRED' })
      .getMany();
    // One for each candidate, one per expired offer for the host.
    expect(notifications.filter((n) => n.userId === host.user.id)).toHaveLength(30);
    expect(new Set(notifications.filter((n) => n.userId !== host.user.id).map((n) => n.userId))).toEqual(
      new Set(candidates.map((c) => c.user.id)),
    );

    // The offer due in 48 hours was left alone.
    const stillOffered: { status: string }[] = await t.dataSource.query(
      'SELECT status FROM applications WHERE id = $1',
      [notDue.id],
    );
    expect(stillOffered).toEqual([{ status: 'OFFERED' }]);
  });
});
