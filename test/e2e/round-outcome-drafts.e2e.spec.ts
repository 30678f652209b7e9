import { randomUUID } from 'crypto';
import fc from 'fast-check';
import { ApplicationsRepository } from '../../src/applications/applications.repository';
import { roundOutcomeNotices } from '../../src/applications/round-announcements';
import { ApplicationStatus } from '../../src/core/domain/enums';
import { OpportunityEntity } from '../../src/opportunities/entities/opportunity.entity';
import { NotificationJobsRepository } from '../../src/notifications/notification-jobs.repository';
import { RoundPlacements } from '../../src/rounds/round-placements';
import { paramsFromData } from '../../src/notifications/notification-params';
import { anOpportunityRow, aSupervisor } from '../factories/applications.factory';
import { DecidedChange, packedChanges } from '../utils/decided-changes';
import { createTestApp, TestApp } from '../utils/test-app';

interface Move {
  candidate: number;
  opportunity: number;
  offered: boolean;
}

/** Ends a transaction with what it read. */
class Rollback extends Error {
  constructor(readonly rows: Draft[]) {
    super('rolled back');
  }
}

interface Draft {
  user_id: string;
  type: string;
  message: string;
  data: Record<string, string>;
}

/**
 * A round's notices as they are drafted (`roundOutcomeNotices` from the decided changes, sent as
 * binary arrays by `roundOutcomeSource`; the unmatched candidates' as a run queues them) and read back from PostgreSQL,
 * against the text and data a client reads, written here from the moves: who gets one, the English
 * message, and `data` key by key (the web app writes its own text from these). Titles that need
 * quoting in JSON, that tie (then by id), that sort by the database's collation, and that are not
 * ASCII.
 */
describe('a round’s outcome notices', () => {
  let t: TestApp;
  let opportunities: OpportunityEntity[];
  /** The opportunities' ids in the order the database sorts (title, id). */
  let byTitle: string[];
  const candidates = Array.from({ length: 12 }, () => randomUUID());
  const DEADLINE = new Date('2027-03-04T05:06:07.089Z');

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    const host = await aSupervisor(t, 'LUMC');
    const titles = [
      'Vaccine lab A',
      'Trial design B',
      'Trial design B',
      'a "quoted" lab',
      'Back\\slash',
      'Ézo',
      'zeta',
      'Tab\there',
      '1 % of %s',
      'Ünïcödé ☕ 研究',
    ];
    opportunities = [];
    for (const title of titles)
      opportunities.push(await anOpportunityRow(t, { leadSupervisorId: host.user.id, title }));
    byTitle = (
      await t.dataSource.query<{ id: string }[]>(
        `SELECT id FROM opportunities WHERE id = ANY($1) ORDER BY title, id`,
        [opportunities.map((o) => o.id)],
      )
    ).map((r) => r.id);
  }, 60_000);
  afterAll(() => t.close());

  /** What the candidates of `moves` are told: one notice each. */
  function expected(round: string, moves: readonly Move[]): Map<string, Omit<Draft, 'user_id'>> {
    const out = new Map<string, Omit<Draft, 'user_id'>>();
    for (const c of new Set(moves.map((m) => m.candidate))) {
      const own = moves.filter((m) => m.candidate === c);
      const offer = own.find((m) => m.offered);
      const closed = own
        .filter((m) => !m.offered)
        .map((m) => opportunities[m.opportunity])
        .sort((a, b) => byTitle.indexOf(a.id) - byTitle.indexOf(b.id))
        .map((o) => o.title);
      const closedText = closed.map((title) => `"${title}"`).join(', ');
      const deadline = DEADLINE.toISOString();
      const data: Record<string, string> = { round };
      let message = `Round "${round}": `;
      if (offer) {
        const o = opportunities[offer.opportunity];
        message += `you have an offer for "${o.title}". Please answer by ${deadline}.`;
        if (closed.length) message += ` Your other choices closed: ${closedText}.`;
        Object.assign(data, {
          title: o.title,
          responseDeadline: deadline,
          applicationId: appId(offer),
          opportunityId: o.id,
        });
      } else {
        message += `your remaining choices closed without an offer: ${closedText}.`;
      }
      // The list's JSON text (`, ` between items), as PostgreSQL's to_json wrote it before.
      if (closed.length) data.closed = `[${closed.map((title) => JSON.stringify(title)).join(', ')}]`;
      out.set(candidates[c], { type: 'ROUND_OUTCOME', message, data });
    }
    return out;
  }

  const appIds = new Map<string, string>();
  function appId(m: Move): string {
    const key = `${m.candidate}/${m.opportunity}`;
    if (!appIds.has(key)) appIds.set(key, randomUUID());
    return appIds.get(key)!;
  }

  async function drafted(round: string, moves: readonly Move[]): Promise<Draft[]> {
    if (moves.length === 0) return [];
    const changes: DecidedChange[] = moves.map((m) => ({
      applicationId: appId(m),
      candidateId: candidates[m.candidate],
      opportunityId: opportunities[m.opportunity].id,
      event: m.offered ? 'OFFER' : 'REJECT',
      from: ApplicationStatus.SUBMITTED,
      to: m.offered ? ApplicationStatus.OFFERED : ApplicationStatus.REJECTED,
      responseDeadline: m.offered ? DEADLINE : null,
      reason: m.offered ? null : `not matched in round ${round}`,
    }));
    const [applications, decided] = packedChanges(changes);
    const repo = t.app.get(ApplicationsRepository);
    return t.dataSource.transaction(async (em) => {
      const titles = await repo.opportunityTitles(applications.opportunityIds, em);
      const source = repo.roundOutcomeSource(await roundOutcomeNotices(applications, decided, titles, round));
      return em.query<Draft[]>(source.sql, [...source.params]);
    });
  }

  /** A candidate's moves: each opportunity at most once, at most one of them an offer. */
  const movesArb = fc
    .array(
      fc.record({
        candidate: fc.integer({ min: 0, max: candidates.length - 1 }),
        opportunities: fc.uniqueArray(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 10 }),
        offer: fc.boolean(),
      }),
      { maxLength: 12 },
    )
    .map((groups) => {
      const seen = new Set<number>();
      const moves: Move[] = [];
      for (const g of groups) {
        if (seen.has(g.candidate)) continue;
        seen.add(g.candidate);
        g.opportunities.forEach((o, i) =>
          moves.push({ candidate: g.candidate, opportunity: o, offered: g.offer && i === 0 }),
        );
      }
      return moves;
    });

  it('tells each moved candidate once: their offer and the choices that closed, by title, as text and data', async () => {
    await fc.assert(
      fc.asyncProperty(
        movesArb,
        fc.constantFrom('Spring 2027', 'Round "50%" \\ two'),
        async (moves, round) => {
          const rows = await drafted(round, moves);
          const want = expected(round, moves);
          expect(rows.map((r) => r.user_id).sort()).toEqual([...want.keys()].sort());
          for (const row of rows) {
            expect({ type: row.type, message: row.message, data: row.data }).toEqual(want.get(row.user_id));
            // And the list reads back as the client's params.
            if (row.data.closed) expect(Array.isArray(paramsFromData(row.data).closed)).toBe(true);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('tells the unmatched candidates once each, the same notice', async () => {
    const ids = candidates.slice(0, 3);
    // Queued as a run queues them, and read as their job writes them (rolled back: nothing kept).
    const rows = await t.dataSource
      .transaction(async (em) => {
        await t.app
          .get(RoundPlacements)
          .announce(em, { drafts: [], notMatched: { round: 'Round "50%"', candidateIds: ids } });
        const [job]: { id: string }[] = await em.query('SELECT id FROM notification_jobs');
        const source = t.app.get(NotificationJobsRepository).noticesOf(job.id);
        const read = await em.query<Draft[]>(source.sql, [...source.params]);
        throw new Rollback(read);
      })
      .catch((err: unknown) => {
        if (err instanceof Rollback) return err.rows;
        throw err;
      });
    expect(rows.map((r) => r.user_id)).toEqual(ids);
    for (const row of rows) {
      expect(row).toEqual({
        user_id: row.user_id,
        type: 'ROUND_NOT_MATCHED',
        message:
          'You were not matched in round "Round "50%"". Your remaining choices stay on the waiting list for a follow-up.',
        data: { round: 'Round "50%"' },
      });
    }
  });
});
