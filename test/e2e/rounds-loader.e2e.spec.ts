import { uuidText } from '../../src/common/database/uuid-bytes';
import { ConfigService } from '@nestjs/config';
import { Env } from '../../src/config/env.schema';
import { CareerStage } from '../../src/core/domain/enums';
import { CandidateFitFacts, fitWeightsOf, OpportunityFitFacts } from '../../src/core/fit/fit-inputs';
import { ProfilesService } from '../../src/profiles/profiles.service';
import { RolesService } from '../../src/roles/roles.service';
import { PlacementContext } from '../../src/applications/placement-context';
import { AllocationData, pairKey } from '../../src/core/rounds/round-allocation';
import { ALLOCATABLE_STATUSES, RoundApplication } from '../../src/core/rounds/round-decisions';
import { RoundFitFacts } from '../../src/core/rounds/round-fit';
import { PackedRound } from '../../src/core/rounds/round-packing';
import { packRound } from '../utils/round-packing-reference';
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

  /** The fit facts as the loader read them before (row objects, effective levels on the event loop). */
  async function fitFactsAsRows(
    opportunities: OpportunityEntity[],
    candidateIds: string[],
    em: EntityManager,
  ): Promise<RoundFitFacts | undefined> {
    if (opportunities.length === 0 || candidateIds.length === 0) return undefined;
    const context = t.app.get(PlacementContext);
    const ids = opportunities.map((o) => o.id);
    const overridden = await context.eligibilityOverridePairs(ids, candidateIds, em);
    const requirements = await context.requirementsOf(ids, em);
    const developed = await context.developedOf(ids, em);
    const profiles = await context.fitProfilesOf(candidateIds, em);
    const competenceIds = [...new Set(requirements.map((r) => r.competenceId))];
    const levels = await t.app.get(ProfilesService).effectiveLevelsOfMany(candidateIds, competenceIds, em);
    const targets = await t.app.get(RolesService).developmentTargetsOf(candidateIds);
    const none = new Map<string, number>();
    const candidates = new Map<string, CandidateFitFacts>();
    for (const c of candidateIds) {
      const profile = profiles.get(c);
      candidates.set(c, {
        careerStage: (profile?.careerStage ?? null) as CareerStage | null,
        levels: levels.get(c) ?? none,
        languages: profile?.languages ?? [],
        availability: profile?.availability ?? [],
        developmentTargets: targets.get(c) ?? none,
      });
    }
    const facts = new Map<string, OpportunityFitFacts>();
    for (const o of opportunities) {
      facts.set(o.id, {
        eligibleStages: [...o.eligibleStages],
        requirements: requirements
          .filter((r) => r.opportunityId === o.id)
          .map((r) => ({
            competenceId: r.competenceId,
            minLevel: r.minLevel,
            weight: r.weight,
            essential: r.essential,
          })),
        develops: developed.filter((d) => d.opportunityId === o.id).map((d) => d.competenceId),
        language: o.language,
        startsOn: o.startsOn,
        endsOn: o.endsOn,
      });
    }
    const config = t.app.get(ConfigService<Env, true>);
    return {
      weights: fitWeightsOf((key) => config.get(key, { infer: true })),
      candidates,
      opportunities: facts,
      overridden,
    };
  }

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
    // Offers still open hold their seats (counted over the table, as the loader did until wave 17).
    const offers = new Map(
      (
        await em.query<{ opportunity_id: string; n: string }[]>(
          `SELECT opportunity_id, count(*) AS n FROM applications
            WHERE opportunity_id = ANY($1::uuid[]) AND status = 'OFFERED' GROUP BY opportunity_id`,
          [opportunityIds],
        )
      ).map((r) => [r.opportunity_id, Number(r.n)]),
    );
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
    const fitFacts = await fitFactsAsRows(unranked, applicants, em);
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
      // HR's eligibility overrides on some applications of the round's opportunities, applicants' and
      // others' (seated, withdrawn, restricted): only the applicants' count.
      await t.dataSource.query(
        `INSERT INTO eligibility_overrides (opportunity_id, candidate_id, reason, created_by)
         SELECT DISTINCT ON (a.opportunity_id, a.candidate_id) a.opportunity_id, a.candidate_id, 'HR lets ' || a.status, a.candidate_id
           FROM applications a JOIN round_opportunities ro ON ro.opportunity_id = a.opportunity_id AND ro.round_id = $1
          WHERE abs(hashtext(a.id::text)) % 5 = 0`,
        [round.id],
      );
      // Some candidates hold target roles (their development targets join the fit), one of them two.
      await t.dataSource.query(
        `WITH c AS (SELECT id, row_number() OVER (ORDER BY email) AS n FROM users WHERE email LIKE $1 || '%'),
              r AS (SELECT id, row_number() OVER (ORDER BY title, version) AS m FROM role_profiles)
         INSERT INTO person_target_roles (person_id, role_profile_id, position)
         SELECT c.id, r.id, r.m FROM c JOIN r ON r.m = 1 + c.n % 3 OR (c.n = 29 AND r.m = 2)
          WHERE c.n % 9 = 2`,
        [prefix],
      );
      // Fit facts: requirements (some essential, some stages only), profiles for most candidates,
      // assessments of every source, some at the same instant (microseconds apart or equal).
      await t.dataSource.query(
        `WITH o AS (SELECT opportunity_id AS id, row_number() OVER (ORDER BY opportunity_id) AS n
                      FROM round_opportunities WHERE round_id = $1),
              k AS (SELECT id, row_number() OVER (ORDER BY code) AS m FROM competences)
         INSERT INTO opportunity_requirements (opportunity_id, competence_id, min_level, weight, essential)
         SELECT o.id, k.id, 1 + (o.n + k.m) % 3, 0.5 + (k.m % 3), (o.n + k.m) % 5 = 0
           FROM o JOIN k ON (k.m + o.n) % 4 = 0 AND k.m <= 12`,
        [round.id],
      );
      await t.dataSource.query(
        `UPDATE opportunities SET eligible_stages = ARRAY['PHD_CANDIDATE', 'POSTDOC']
          WHERE id IN (SELECT opportunity_id FROM round_opportunities WHERE round_id = $1 ORDER BY opportunity_id DESC LIMIT 5)`,
        [round.id],
      );
      await t.dataSource.query(
        `WITH c AS (SELECT id, row_number() OVER (ORDER BY email) AS n FROM users WHERE email LIKE $1 || '%')
         INSERT INTO profiles (user_id, career_stage, languages, availability)
         SELECT id, (ARRAY['PHD_CANDIDATE', 'POSTDOC', 'MASTER_STUDENT', NULL])[1 + n % 4],
                CASE WHEN n % 3 = 0 THEN '[{"code": "en", "level": "C1"}]'::jsonb
                     WHEN n % 3 = 1 THEN '[{"code": "nl", "level": "NATIVE"}, {"code": "en", "level": "B2"}]'::jsonb
                     ELSE '[]'::jsonb END,
                CASE WHEN n % 2 = 0 THEN '[{"start": "2027-01-01", "end": "2027-12-31"}]'::jsonb ELSE '[]'::jsonb END
           FROM c WHERE n % 7 <> 3
         ON CONFLICT (user_id) DO NOTHING`,
        [prefix],
      );
      await t.dataSource.query(
        `WITH c AS (SELECT id, row_number() OVER (ORDER BY email) AS n FROM users WHERE email LIKE $1 || '%'),
              k AS (SELECT id, row_number() OVER (ORDER BY code) AS m FROM competences)
         INSERT INTO assessments (person_id, competence_id, level, source, assessed_at)
         SELECT c.id, k.id, 1 + (c.n * s.i + k.m) % 4, (ARRAY['SELF', 'EVIDENCE', 'SUPERVISOR'])[1 + (c.n + s.i) % 3],
                timestamptz '2026-01-01 10:00:00.123456+00' + ((c.n * s.i) % 3) * interval '1 day'
                  + (s.i % 2) * interval '1 microsecond'
           FROM c CROSS JOIN generate_series(1, 4) AS s(i) JOIN k ON k.m = 1 + (c.n * 3 + s.i * 5) % 12
          WHERE c.n % 5 <> 2`,
        [prefix],
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
        // The loader reads the plain rows a run reads (the reference below the entities).
        const opportunityRows = await context.roundOpportunities(opportunities, false, em);
        const loaded = await loader.load(entity!, run, opportunityRows, em);
        // The development targets read (only for the applicants holding a target role): each
        // applicant's, as RolesService gives them.
        const facts = loaded.round.readFitFacts!;
        const applicantIds = Array.from(facts.candidates, (i) => loaded.round.candidateIds[i]);
        const targetsRead = new Map(
          applicantIds.map((id, k) => {
            const gaps = new Map<string, number>();
            for (let q = facts.targetStart[k]; q < facts.targetStart[k + 1]; q++)
              gaps.set(facts.competenceIds[facts.targetCompetence[q]], facts.targetValue[q]);
            return [id, gaps];
          }),
        );
        expect(facts.targetCompetence.length).toBeGreaterThan(0);
        expect(targetsRead).toEqual(await t.app.get(RolesService).developmentTargetsOf(applicantIds));
        const rows = await loadAsRows(
          round.id,
          seed,
          entity!.algorithm,
          entity!.optimal,
          opportunityEntities,
          em,
        );
        // The applications a publication decides from, as the load read them (`LoadedRound.read`,
        // column-wise; every listed candidate's, then every other one's), against the row objects:
        // the same applications, by candidate, then by the opportunity's place in the round.
        const place = new Map(opportunityEntities.map((o, j) => [o.id, j]));
        const byPlace = (a: RoundApplication, b: RoundApplication): number =>
          (a.candidateId < b.candidateId ? -1 : a.candidateId > b.candidateId ? 1 : 0) ||
          (place.get(a.opportunityId) as number) - (place.get(b.opportunityId) as number);
        const every = rows.candidateIds;
        const others = every.filter((_, i) => i % 2 === 1);
        const { read } = loaded;
        const asRead = (ids: ReadonlySet<string>): RoundApplication[] =>
          read.candidateIds.flatMap((candidateId, i) =>
            ids.has(candidateId)
              ? Array.from({ length: read.start[i + 1] - read.start[i] }, (_, k) => {
                  const p = read.start[i] + k;
                  return {
                    id: uuidText(read.ids, p),
                    candidateId,
                    opportunityId: read.opportunityIds[read.code[p] >> 2],
                    status: read.statuses[read.code[p] & 3],
                  };
                })
              : [],
          );
        for (const ids of [every, others]) {
          const byRowObjects = await context.liveApplications(opportunities, ids, em);
          expect(byRowObjects.length).toBeGreaterThan(ids.length);
          expect(asRead(new Set(ids))).toEqual(byRowObjects.sort(byPlace));
        }
        return [loaded.round, rows];
      });
      const candidates = byRows.candidateIds.length;
      expect(candidates).toBeGreaterThan(CANDIDATES / 2);
      expect(candidates).toBeLessThan(CANDIDATES);
      expect(byColumns.candidateIds).toEqual(byRows.candidateIds);
      const solvedByColumns = solveRun({ round: byColumns });
      const solvedByRows = solveRun({ round: byRows });
      expect(solvedByColumns.inputHash).toBe(solvedByRows.inputHash);
      const textOf = (solved: { inputText: Uint8Array }): string =>
        Buffer.from(solved.inputText).toString('utf8');
      expect(textOf(solvedByColumns)).toBe(textOf(solvedByRows));
      expect(solvedByColumns.placedAt).toEqual(solvedByRows.placedAt);
      expect(solvedByColumns.stats).toEqual(solvedByRows.stats);
      expect(solvedByColumns).toMatchObject({ valid: true, stable: true });
      const input = JSON.parse(textOf(solvedByColumns)) as { pre_assignments: unknown[] };
      expect(input.pre_assignments.length).toBeGreaterThan(0);
      expect(solvedByColumns.stats.preAssigned).toBeGreaterThan(0);
    },
    120_000,
  );
});
