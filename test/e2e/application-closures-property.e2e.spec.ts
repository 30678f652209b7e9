import fc from 'fast-check';
import { EntityManager } from 'typeorm';
import {
  ApplicationChangeRequest,
  ApplicationTransitions,
  TransitionActor,
} from '../../src/applications/application-transitions';
import { DecidedChange, packedChanges } from '../utils/decided-changes';
import { ApplicationsRepository } from '../../src/applications/applications.repository';
import { roundOutcomeNotices } from '../../src/applications/round-announcements';
import { TransactionRunner } from '../../src/common/database/transaction';
import { ApplicationStatus } from '../../src/core/domain/enums';
import { NotificationsService } from '../../src/notifications/notifications.service';
import { OpportunityEntity } from '../../src/opportunities/entities/opportunity.entity';
import { aCandidate, anOpportunityRow, aSupervisor } from '../factories/applications.factory';
import { CreatedUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../utils/test-app';

const HOUR = 3600_000;
const CANDIDATES = 8;
const OPPORTUNITIES = 5;
const ROUND = 'Property round';
const REASON = `not matched in round "${ROUND}"`;

/** Why a transaction is rolled back on purpose: everything a run wrote goes with it. */
class RolledBack extends Error {}

const application = fc.record({
  c: fc.nat(CANDIDATES - 1),
  o: fc.nat(OPPORTUNITIES - 1),
  status: fc.constantFrom(
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.SHORTLISTED,
    ApplicationStatus.WITHDRAWN,
    ApplicationStatus.REJECTED,
  ),
});

const step = fc.oneof(
  fc.record({
    kind: fc.constant('event' as const),
    app: fc.nat(),
    event: fc.constantFrom('WITHDRAW', 'SHORTLIST', 'REJECT', 'ACCEPT', 'DECLINE', 'OFFER'),
  }),
  fc.record({ kind: fc.constant('apply' as const), c: fc.nat(CANDIDATES - 1), o: fc.nat(OPPORTUNITIES - 1) }),
);

const world = fc.record({
  applications: fc.uniqueArray(application, {
    minLength: 1,
    maxLength: 24,
    selector: (a) => `${a.c}:${a.o}`,
  }),
  placed: fc.array(fc.boolean(), { minLength: CANDIDATES, maxLength: CANDIDATES }),
  offerPick: fc.array(fc.nat(), { minLength: CANDIDATES, maxLength: CANDIDATES }),
  /** The round closes too: every allocatable application of the unplaced candidates is rejected. */
  closing: fc.boolean(),
  steps: fc.array(step, { maxLength: 6 }),
});
type World = typeof world extends fc.Arbitrary<infer W> ? W : never;

/**
 * A round's rejections as closures (docs/design/closed-choices.md): a publication recorded with
 * closures (`recordDecided`) reads, through every reader, exactly as the same publication whose
 * rejections moved the rows (`applyStatusChanges` with the grouped history, as before the closures),
 * and so does everything that happens after it (steps of the candidates and hosts, applying again).
 * Both run from the same state in one transaction (a savepoint between them: the same ids and the
 * same transaction time), which is rolled back.
 */
describe('application closures: a publication with closures reads as one that moved the rows', () => {
  let t: TestApp;
  let host: CreatedUser;
  let candidates: string[];
  let opportunities: OpportunityEntity[];
  let transitions: ApplicationTransitions;
  let repo: ApplicationsRepository;
  let notifications: NotificationsService;
  let tx: TransactionRunner;

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    host = await aSupervisor(t, 'LUMC');
    transitions = t.app.get(ApplicationTransitions);
    repo = t.app.get(ApplicationsRepository);
    notifications = t.app.get(NotificationsService);
    tx = t.app.get(TransactionRunner);
    candidates = [];
    for (let i = 0; i < CANDIDATES; i++) candidates.push((await aCandidate(t)).user.id);
    opportunities = [];
    for (let i = 0; i < OPPORTUNITIES; i++) {
      // Periods that do not overlap, so that accepting two offers is allowed.
      const year = 2030 + i;
      opportunities.push(
        await anOpportunityRow(t, {
          leadSupervisorId: host.user.id,
          capacity: 50,
          startsOn: `${year}-02-01`,
          endsOn: `${year}-06-30`,
        }),
      );
    }
  }, 120_000);
  afterAll(() => t.close());

  /**
   * The round's decided changes: each placed candidate offered one allocatable choice, the others
   * rejected; candidate by candidate, as the core decides them.
   */
  function decide(w: World, ids: string[], now: Date): DecidedChange[] {
    const changes: DecidedChange[] = [];
    const responseDeadline = new Date(now.getTime() + 48 * HOUR);
    for (let c = 0; c < CANDIDATES; c++) {
      const mine = w.applications
        .map((a, i) => ({ ...a, id: ids[i] }))
        .filter((a) => a.c === c && (a.status === 'SUBMITTED' || a.status === 'SHORTLISTED'));
      if (mine.length === 0 || (!w.placed[c] && !w.closing)) continue;
      const offered = w.placed[c] ? w.offerPick[c] % mine.length : -1;
      mine.forEach((a, k) => {
        const offer = k === offered;
        changes.push({
          applicationId: a.id,
          opportunityId: opportunities[a.o].id,
          candidateId: candidates[c],
          event: offer ? 'OFFER' : 'REJECT',
          from: a.status,
          to: offer ? ApplicationStatus.OFFERED : ApplicationStatus.REJECTED,
          responseDeadline: offer ? responseDeadline : null,
          reason: offer ? null : REASON,
        });
      });
    }
    return changes;
  }

  /**
   * Everything a person or a later step could notice of these candidates' applications. Ids are
   * labelled (the setup's by position, one made by applying again by its candidate and opportunity):
   * the two publications' own new rows have ids of their own.
   */
  async function snapshot(em: EntityManager, statuses: 'applications' | 'application_states', ids: string[]) {
    const q = <T>(sql: string, params: unknown[] = []) => em.query<T[]>(sql, params);
    const rows = await q<{
      id: string;
      candidate_id: string;
      opportunity_id: string;
      status: string;
      updated_at: Date;
    }>(
      `SELECT id, candidate_id, opportunity_id, status, updated_at FROM ${statuses}
        WHERE candidate_id = ANY($1::uuid[])`,
      [candidates],
    );
    const labels = new Map<string, string>();
    for (const r of rows) {
      const k = ids.indexOf(r.id);
      labels.set(
        r.id,
        k >= 0
          ? `#${k}`
          : `new ${candidates.indexOf(r.candidate_id)}/${opportunities.findIndex((o) => o.id === r.opportunity_id)}`,
      );
    }
    const label = (id: string) => labels.get(id) ?? `unknown ${id}`;
    const byLabel = <T>(xs: T[], key: (x: T) => string) => xs.sort((a, b) => key(a).localeCompare(key(b)));
    const states = byLabel(
      rows.map((r) => ({ id: label(r.id), status: r.status, updatedAt: r.updated_at.toISOString() })),
      (r) => r.id,
    );
    const history = byLabel(
      (
        await q<{
          application_id: string;
          from_status: string;
          to_status: string;
          actor_id: string;
          reason: string;
        }>(
          `SELECT h.application_id, h.from_status, h.to_status, h.actor_id, h.reason, h.at
             FROM application_history h JOIN applications a ON a.id = h.application_id
            WHERE a.candidate_id = ANY($1::uuid[]) ORDER BY h.at, h.id`,
          [candidates],
        )
      ).map((h) => ({ ...h, application_id: label(h.application_id) })),
      (h) => h.application_id,
    );
    const pairs = byLabel(
      (
        await q<{ opportunity_id: string; candidate_id: string; application_id: string }>(
          `SELECT opportunity_id, candidate_id, application_id FROM application_live_pairs
            WHERE candidate_id = ANY($1::uuid[])`,
          [candidates],
        )
      ).map((p) => ({ ...p, application_id: label(p.application_id) })),
      (p) => `${p.opportunity_id}/${p.candidate_id}`,
    );
    const told = await q(
      `SELECT user_id, type, message, data FROM notifications
        WHERE user_id = ANY($1::uuid[]) ORDER BY user_id, type, message`,
      [[...candidates, host.user.id]],
    );
    const open = (
      await repo.idsInStatus(
        opportunities.map((o) => o.id),
        [ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED],
        em,
      )
    )
      .map(label)
      .sort();
    return { states, history, pairs, told, open };
  }

  /** The round's publication, then the steps; what each shows. */
  async function play(
    em: EntityManager,
    w: World,
    ids: string[],
    now: Date,
    closures: boolean,
  ): Promise<unknown[]> {
    const seen: unknown[] = [];
    const changes = decide(w, ids, now);
    if (closures) {
      seen.push(await transitions.recordDecided(em, ...packedChanges(changes), { round: ROUND, now }));
    } else {
      // The publication as it was before the closures: every change moves its row; the candidates
      // are told the same (the notices are written from the decided changes either way).
      seen.push(await repo.applyStatusChanges(changes, null, em, { groupHistory: true }));
      if (changes.length > 0) {
        const [applications, decided] = packedChanges(changes);
        const titles = await repo.opportunityTitles(applications.opportunityIds, em);
        await notifications.recordFrom(
          em,
          repo.roundOutcomeSource(await roundOutcomeNotices(applications, decided, titles, ROUND)),
        );
      }
    }
    const statuses = closures ? 'application_states' : 'applications';
    seen.push(await snapshot(em, statuses, ids));
    for (const s of w.steps) {
      await em.query('SAVEPOINT step');
      try {
        if (s.kind === 'event') {
          const k = s.app % ids.length;
          const a = w.applications[k];
          const candidateEvent = ['WITHDRAW', 'ACCEPT', 'DECLINE'].includes(s.event);
          const actor: TransitionActor = candidateEvent
            ? { kind: 'CANDIDATE', userId: candidates[a.c] }
            : { kind: 'HOST', userId: host.user.id };
          const request: ApplicationChangeRequest = {
            applicationId: ids[k],
            event: s.event as ApplicationChangeRequest['event'],
            reason: 'a reason',
            responseDeadline: new Date(now.getTime() + 72 * HOUR),
          };
          const result = await transitions.applyMany(em, [request], actor, { now, onRefused: 'skip' });
          seen.push({
            applied: result.applied.map((x) => [x.applicationId, x.from, x.to]),
            refused: result.refused.map((x) => x.error.code),
            passedOn: result.passedOn.map((x) => x.applicationId),
          });
        } else {
          const candidateId = candidates[s.c];
          const opportunityId = opportunities[s.o].id;
          seen.push({
            live: await repo.hasLiveApplication(candidateId, opportunityId, em),
            inCall: await repo.countLiveApplicationsInCall(candidateId, opportunityId, em),
          });
          await repo.insert(
            { opportunityId, candidateId, status: ApplicationStatus.SUBMITTED, motivation: 'again' },
            em,
          );
          seen.push('inserted');
        }
        await em.query('RELEASE SAVEPOINT step');
      } catch (err) {
        await em.query('ROLLBACK TO SAVEPOINT step');
        const e = err as {
          code?: string;
          driverError?: { constraint?: string };
          extensions?: { code?: string };
        };
        seen.push({ error: e.driverError?.constraint ?? e.extensions?.code ?? e.code ?? String(err) });
      }
      seen.push(await snapshot(em, statuses, ids));
    }
    if (closures) {
      // The closures were written (not the rows moved): one per candidate with rejections, and no
      // application in two.
      const rejected = changes.filter((c) => c.to === ApplicationStatus.REJECTED);
      const [k] = await em.query<{ closures: number; listed: number; distinct_listed: number }[]>(
        `SELECT count(*)::int AS closures, coalesce(sum(cardinality(application_ids)), 0)::int AS listed,
                (SELECT count(DISTINCT u) FROM application_transition_groups g, unnest(g.application_ids) u
                  WHERE g.closes AND g.candidate_id = ANY($1::uuid[]))::int AS distinct_listed
           FROM application_transition_groups WHERE closes AND candidate_id = ANY($1::uuid[])`,
        [candidates],
      );
      expect(k.closures).toBe(new Set(rejected.map((c) => c.candidateId)).size);
      expect(k.listed).toBe(k.distinct_listed);
    }
    return seen;
  }

  it('agrees with the rows-moved publication on every status, history, notice, live pair and later step', async () => {
    await fc.assert(
      fc.asyncProperty(world, async (w) => {
        let moved: unknown[] = [];
        let closed: unknown[] = [];
        await tx
          .run(async (em) => {
            const rows = await em.query<{ id: string }[]>(
              `INSERT INTO applications (opportunity_id, candidate_id, status, motivation)
               SELECT o, c, s, 'setup' FROM unnest($1::uuid[], $2::uuid[], $3::text[]) WITH ORDINALITY AS x(o, c, s, n)
                ORDER BY n RETURNING id`,
              [
                w.applications.map((a) => opportunities[a.o].id),
                w.applications.map((a) => candidates[a.c]),
                w.applications.map((a) => a.status),
              ],
            );
            const ids = rows.map((r) => r.id);
            await em.query('SAVEPOINT publication');
            const now = new Date();
            moved = await play(em, w, ids, now, false);
            await em.query('ROLLBACK TO SAVEPOINT publication');
            closed = await play(em, w, ids, now, true);
            throw new RolledBack();
          })
          .catch((err: unknown) => {
            if (!(err instanceof RolledBack)) throw err;
          });
        expect(closed).toEqual(moved);
      }),
      { numRuns: 40 },
    );
  }, 240_000);
});
