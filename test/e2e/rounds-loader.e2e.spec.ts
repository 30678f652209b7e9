import { PlacementContext } from '../../src/applications/placement-context';
import { AllocationData, pairKey } from '../../src/core/rounds/round-allocation';
import { ALLOCATABLE_STATUSES } from '../../src/core/rounds/round-decisions';
import { RoundFitFacts } from '../../src/core/rounds/round-fit';
import { packRound, PackedRound } from '../../src/core/rounds/round-packing';
import { OpportunityEntity } from '../../src/opportunities/entities/opportunity.entity';
import {
  RoundOverrideKind,
  RoundRunEntity,
  RoundRunScope,
  RoundAlgorithm,
  RoundOptimal,
} from '../../src/rounds/entities/round.entity';
import { RoundLoader } from '../../src/rounds/round-loader';
import { solveRun } from '../../src/rounds/round-solver';
import { RoundsRepository } from '../../src/rounds/rounds.repository';
import { EntityManager } from 'typeorm';
import { anOpportunityRow, aSupervisor } from '../factories/applications.factory';
import { aRound, closeRankingOf } from '../factories/rounds.factory';
import { createTestApp, TestApp } from '../utils/test-app';

const CANDIDATES = 400;
const OPPORTUNITIES = 24;

/**
 * The loader reads a run's lists column-wise, aggregated in SQL (`liveListsOfRound`). This test
 * keeps the way they were read before (every choice list, every live application and every
 * candidate's organisation as row objects, filtered in JavaScript, packed from Maps) and checks, on a
 * generated round with seated candidates, ended and missing applications, a restricted person,
 * rankings, exclusions and pre-assignments, that both give the same document, hash, placements and
 * statistics.
 */
describe('the round loader', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
  });
  afterAll(() => t.close());

  /** The loader's reading before the column-wise lists (row objects and Maps). */
  async function loadAsRows(
    roundId: string,
    seed: number,
    algorithm: RoundAlgorithm,
    optimal: RoundOptimal,
    opportunities: OpportunityEntity[],
    em: EntityManager,
  ): Promise<PackedRound> {
    const context = t.app.get(PlacementContext);
    const opportunityIds = opportunities.map((o) => o.id);
    const choiceRows = await em.query<{ candidate_id: string; list: string[] }[]>(
      `SELECT candidate_id, array_agg(opportunity_id ORDER BY rank) AS list FROM round_choices
        WHERE round_id = $1 AND NOT EXISTS (SELECT 1 FROM processing_restrictions pr
                                             WHERE pr.person_id = candidate_id AND pr.lifted_at IS NULL)
        GROUP BY candidate_id ORDER BY candidate_id`,
      [roundId],
    );
    const applications = await context.liveApplications(opportunityIds, null, em);
    const allocatable = new Map<string, Set<string>>();
    const seated = new Set<string>();
    for (const a of applications) {
      if (!ALLOCATABLE_STATUSES.includes(a.status)) {
        seated.add(a.candidateId);
        continue;
      }
      const of = allocatable.get(a.candidateId);
      if (of) of.add(a.opportunityId);
      else allocatable.set(a.candidateId, new Set([a.opportunityId]));
    }
    const lists = new Map<string, string[]>();
    for (const { candidate_id: c, list: chosen } of choiceRows) {
      if (seated.has(c)) continue;
      const of = allocatable.get(c);
      const live = of ? chosen.filter((o) => of.has(o)) : [];
      if (live.length) lists.set(c, live);
    }
    const overrides = await t.app.get(RoundsRepository).overridesOf(roundId, em);
    const excluded = new Set(
      overrides
        .filter((o) => o.kind === RoundOverrideKind.EXCLUDE)
        .map((o) => pairKey(o.candidateId, o.opportunityId)),
    );
    const offers = await context.openOffers(opportunityIds, em);
    const freeSeats = new Map(
      opportunities.map((o) => [o.id, o.capacity - o.seatsTaken - (offers.get(o.id) ?? 0)]),
    );
    const preAssigned = new Map<string, string>();
    const preAssignedReasons = new Map<string, string>();
    const placed = new Map<string, number>();
    for (const o of overrides) {
      if (o.kind !== RoundOverrideKind.PRE_ASSIGN || !lists.get(o.candidateId)?.includes(o.opportunityId))
        continue;
      const count = placed.get(o.opportunityId) ?? 0;
      if (count >= (freeSeats.get(o.opportunityId) ?? 0)) continue;
      placed.set(o.opportunityId, count + 1);
      preAssigned.set(o.candidateId, o.opportunityId);
      preAssignedReasons.set(o.candidateId, o.reason);
    }
    const ranked = await context.rankedOpportunities(opportunityIds, em);
    const hostRankings = new Map<string, string[]>();
    for (const id of ranked) hostRankings.set(id, []);
    for (const row of await context.rankings([...ranked], em))
      hostRankings.get(row.opportunityId)?.push(row.candidateId);
    const unranked = opportunities.filter((o) => !ranked.has(o.id));
    const applicants = [...lists.keys()].filter((c) =>
      (lists.get(c) ?? []).some((o) => unranked.some((u) => u.id === o)),
    );
    const loader = t.app.get(RoundLoader) as unknown as {
      fitFacts(
        o: OpportunityEntity[],
        c: readonly string[],
        em: EntityManager,
      ): Promise<RoundFitFacts | undefined>;
    };
    const fitFacts = await loader.fitFacts(unranked, applicants, em);
    const supervisorRoom = new Map<string, number>();
    if (algorithm === RoundAlgorithm.SPA) {
      const leads = [...new Set(opportunities.map((o) => o.leadSupervisorId))];
      const capacities = new Map(
        (await context.profilesOf(leads, em)).map((p) => [p.userId, p.supervisionCapacity]),
      );
      const loads = await context.supervisionLoads(leads, em);
      for (const lead of leads)
        supervisorRoom.set(lead, (capacities.get(lead) ?? 4) - (loads.get(lead) ?? 0));
    }
    const data: AllocationData = {
      problem: algorithm === RoundAlgorithm.SPA ? 'SPA-S' : 'HR',
      optimal: optimal === RoundOptimal.HOST ? 'host' : 'candidate',
      seed,
      opportunities: opportunities.map((o) => ({
        id: o.id,
        hostOrganisationId: o.hostOrganisationId,
        leadSupervisorId: o.leadSupervisorId,
        freeSeats: freeSeats.get(o.id) ?? 0,
      })),
      choices: lists,
      hostRankings,
      fit: new Map(),
      excluded,
      preAssigned,
      preAssignedReasons,
      supervisorRoom,
    };
    return packRound(
      data,
      await context.organisationsOf([...lists.keys()], em),
      new Map(opportunities.map((o) => [o.id, o.hostOrganisationId])),
      fitFacts,
    );
  }

  it.each([
    ['SEATS_DA', 'CANDIDATE'],
    ['SPA', 'HOST'],
  ] as const)(
    'gives the same document, hash and result as reading row objects (%s, %s-optimal)',
    async (algorithm, optimal) => {
      const hr = await t.login('hr@lumc.test');
      const hosts = [
        await aSupervisor(t, 'LUMC'),
        await aSupervisor(t, 'LUMC'),
        await aSupervisor(t, 'LUMC'),
      ];
      const opportunities: string[] = [];
      for (let i = 0; i < OPPORTUNITIES; i++) {
        const host = hosts[i % hosts.length];
        opportunities.push(
          (await anOpportunityRow(t, { leadSupervisorId: host.user.id, capacity: 1 + (i % 5) })).id,
        );
      }
      if (algorithm === 'SPA') {
        await t.dataSource.query(
          `UPDATE opportunities SET kind = 'CO_SUPERVISED_PROJECT' WHERE id = ANY($1)`,
          [opportunities],
        );
      }
      const round = await aRound(t, hr, { opportunityIds: opportunities, maxChoices: 5, algorithm, optimal });
      const prefix = `loader-${algorithm.toLowerCase()}-`;
      await t.dataSource.query(
        `INSERT INTO users (email, password_hash, display_name, organisation_id, roles)
         SELECT $2 || g || '@example.test', 'x', 'Loader ' || g,
                (SELECT id FROM organisations WHERE code = CASE WHEN g % 3 = 0 THEN 'LUMC' ELSE 'LEIDEN_UNIV' END),
                ARRAY['CANDIDATE']
           FROM generate_series(1, $1) g`,
        [CANDIDATES, prefix],
      );
      // Five choices each; an application per choice, SUBMITTED or SHORTLISTED, some WITHDRAWN
      // (ended: the choice is no longer live) and some missing.
      await t.dataSource.query(
        `WITH c AS (SELECT id, row_number() OVER (ORDER BY email) AS n FROM users WHERE email LIKE $3 || '%'),
              o AS (SELECT opportunity_id AS id, row_number() OVER (ORDER BY opportunity_id) - 1 AS k
                      FROM round_opportunities WHERE round_id = $1),
              pick AS (SELECT c.id AS candidate_id, c.n, r.rank, o.id AS opportunity_id
                         FROM c CROSS JOIN generate_series(1, 5) AS r(rank)
                         JOIN o ON o.k = (c.n * 7 + r.rank * 11 + (c.n % 13) * r.rank) % $2),
              uniq AS (SELECT DISTINCT ON (candidate_id, opportunity_id) * FROM pick
                        ORDER BY candidate_id, opportunity_id, rank),
              ranked AS (SELECT candidate_id, n, opportunity_id,
                                row_number() OVER (PARTITION BY candidate_id ORDER BY rank) AS rank FROM uniq),
              apps AS (INSERT INTO applications (opportunity_id, candidate_id, status, motivation)
                       SELECT opportunity_id, candidate_id,
                              CASE WHEN (n + rank) % 11 = 0 THEN 'WITHDRAWN'
                                   WHEN (n + rank) % 4 = 0 THEN 'SHORTLISTED' ELSE 'SUBMITTED' END,
                              'loader'
                         FROM ranked WHERE (n * rank) % 17 <> 5 RETURNING id)
         INSERT INTO round_choices (round_id, candidate_id, opportunity_id, rank)
         SELECT $1, candidate_id, opportunity_id, rank FROM ranked`,
        [round.id, OPPORTUNITIES, prefix],
      );
      // Some candidates already hold an offer on one of their choices (out of the run); one person's
      // processing is restricted.
      await t.dataSource.query(
        `UPDATE applications SET status = 'OFFERED'
          WHERE id IN (SELECT a.id FROM applications a JOIN users u ON u.id = a.candidate_id
                        WHERE u.email LIKE $1 || '%' AND a.status = 'SUBMITTED'
                          AND abs(hashtext(u.email)) % 23 = 0)`,
        [prefix],
      );
      await t.dataSource.query(
        `INSERT INTO processing_restrictions (person_id, requested_by, reason, started_at)
         SELECT id, id, 'test', now() FROM users WHERE email = $1 || '7@example.test'`,
        [prefix],
      );
      // A quarter of the hosts ranked their live applicants (reversed application order).
      await t.dataSource.query(
        `INSERT INTO applicant_rankings (opportunity_id, application_id, rank)
         SELECT a.opportunity_id, a.id, row_number() OVER (PARTITION BY a.opportunity_id ORDER BY a.candidate_id DESC)
           FROM applications a
          WHERE a.opportunity_id = ANY($1::uuid[]) AND a.status IN ('SUBMITTED', 'SHORTLISTED')
            AND a.opportunity_id IN (SELECT unnest($1::uuid[]) ORDER BY 1 LIMIT $2)`,
        [opportunities, OPPORTUNITIES / 4],
      );
      // HR excluded some pairs and pre-assigned some (one of them twice over a full opportunity).
      await t.dataSource.query(
        `INSERT INTO round_overrides (round_id, candidate_id, opportunity_id, kind, reason, created_by)
         SELECT $1, c.candidate_id, c.opportunity_id,
                CASE WHEN c.rank = 1 THEN 'PRE_ASSIGN' ELSE 'EXCLUDE' END, 'HR ' || c.rank, c.candidate_id
           FROM round_choices c WHERE c.round_id = $1 AND abs(hashtext(c.candidate_id::text)) % 19 = 0`,
        [round.id],
      );
      await closeRankingOf(t, round.id);

      const repo = t.app.get(RoundsRepository);
      const context = t.app.get(PlacementContext);
      const loader = t.app.get(RoundLoader);
      const seed = 42;
      const [byColumns, byRows] = await t.dataSource.transaction(async (em) => {
        const entity = await repo.findRound(round.id, em);
        const opportunityEntities = await context.findOpportunities(opportunities, em);
        const run = { scope: RoundRunScope.INITIAL, seed } as RoundRunEntity;
        const loaded = await loader.load(entity!, run, opportunityEntities, em);
        const rows = await loadAsRows(
          round.id,
          seed,
          entity!.algorithm,
          entity!.optimal,
          opportunityEntities,
          em,
        );
        return [loaded.round, rows];
      });
      const candidates = byRows.candidateIds.length;
      expect(candidates).toBeGreaterThan(CANDIDATES / 2);
      expect(candidates).toBeLessThan(CANDIDATES);
      expect(byColumns.candidateIds).toEqual(byRows.candidateIds);
      const solvedByColumns = solveRun({ round: byColumns });
      const solvedByRows = solveRun({ round: byRows });
      expect(solvedByColumns.inputHash).toBe(solvedByRows.inputHash);
      expect(solvedByColumns.inputJson).toBe(solvedByRows.inputJson);
      expect(solvedByColumns.placedAt).toEqual(solvedByRows.placedAt);
      expect(solvedByColumns.stats).toEqual(solvedByRows.stats);
      expect(solvedByColumns).toMatchObject({ valid: true, stable: true });
      const input = JSON.parse(solvedByColumns.inputJson) as { pre_assignments: unknown[] };
      expect(input.pre_assignments.length).toBeGreaterThan(0);
      expect(solvedByColumns.stats.preAssigned).toBeGreaterThan(0);
    },
    120_000,
  );
});
