import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  AllocationRoundEntity,
  RoundChoiceEntity,
  RoundOpportunityEntity,
  RoundOverrideEntity,
  RoundOverrideKind,
  RoundOverriddenPair,
  RoundRunEntity,
  RoundRunKind,
  RoundRunStatus,
  RoundStatus,
} from './entities/round.entity';
import { CandidateRunView, RoundRunInput } from '../core/rounds/round-allocation';
import { RunInputParts } from '../core/rounds/round-input-parts';
import { readRunInputTexts, RunInputToStore, storeRunInput, storeSessionOf } from './round-run-inputs';
import { isUuid } from '../common/graphql/input-values';
import { notRestricted } from '../privacy/restriction-sql';
import { closedBySql } from '../applications/application-states';
import {
  binaryArrayElements,
  BinaryCopyParser,
  copyOutBinary,
  sqlTextLiteral,
} from '../common/database/copy-binary';
import { withWorkMem } from '../common/database/work-mem';
import { UuidTable } from '../common/database/uuid-bytes';
import { LiveLists, LiveListsBuilder, noLiveLists } from './live-lists';

/** `RoundsRepository.liveListsOfRound`: two reads to run at once, then the lists they built. */
export interface LiveListsReads {
  choices: (em: EntityManager) => Promise<void>;
  applications: (em: EntityManager) => Promise<void>;
  lists: () => Promise<LiveLists>;
}

/** Lock namespace for pg_advisory_xact_lock(namespace, key): one candidate's choices in one round. */
const CHOICES_LOCK = 'te:rounds:choices';

export interface CandidateRunRow {
  runId: string;
  view: CandidateRunView;
}

export type NewRound = Pick<
  AllocationRoundEntity,
  | 'organisationId'
  | 'name'
  | 'rankingDeadline'
  | 'maxChoices'
  | 'responseWindowHours'
  | 'algorithm'
  | 'optimal'
  | 'createdBy'
>;

export type NewOverride = Pick<
  RoundOverrideEntity,
  'roundId' | 'candidateId' | 'opportunityId' | 'kind' | 'reason' | 'createdBy'
>;

export type NewRun = Pick<RoundRunEntity, 'roundId' | 'kind' | 'scope' | 'seed' | 'createdBy'>;

export type RunResult = Pick<
  RoundRunEntity,
  | 'status'
  | 'algorithm'
  | 'algorithmVersion'
  | 'inputHash'
  | 'input'
  | 'stats'
  | 'stable'
  | 'violations'
  | 'error'
  | 'finishedAt'
> & { assignment: Record<string, string | null> | null };

/** The rounds feature's own tables. `em` is the use case's transaction when given. */
@Injectable()
export class RoundsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(em?: EntityManager): EntityManager {
    return em ?? this.dataSource.manager;
  }

  // ---- rounds ---------------------------------------------------------------------------------

  async insertRound(values: NewRound, opportunityIds: readonly string[], em: EntityManager) {
    const repo = em.getRepository(AllocationRoundEntity);
    const round = await repo.save(repo.create({ ...values, status: RoundStatus.OPEN }));
    await em
      .getRepository(RoundOpportunityEntity)
      .insert(opportunityIds.map((opportunityId) => ({ roundId: round.id, opportunityId })));
    return round;
  }

  async addRoundOpportunities(roundId: string, opportunityIds: readonly string[], em: EntityManager) {
    if (opportunityIds.length === 0) return;
    await em
      .getRepository(RoundOpportunityEntity)
      .insert(opportunityIds.map((opportunityId) => ({ roundId, opportunityId })));
  }

  findRound(
    id: string,
    em?: EntityManager,
    lock?: 'pessimistic_write' | 'pessimistic_read',
  ): Promise<AllocationRoundEntity | null> {
    return this.manager(em)
      .getRepository(AllocationRoundEntity)
      .findOne({ where: { id }, ...(lock ? { lock: { mode: lock } } : {}) });
  }

  findRounds(ids: readonly string[]): Promise<AllocationRoundEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.dataSource.getRepository(AllocationRoundEntity).findBy({ id: In([...ids]) });
  }

  /** Newest first; all organisations when `organisationId` is null. */
  listRounds(
    organisationId: string | null,
    opts: { status?: RoundStatus | null; first: number },
  ): Promise<AllocationRoundEntity[]> {
    return this.dataSource.getRepository(AllocationRoundEntity).find({
      where: {
        ...(organisationId ? { organisationId } : {}),
        ...(opts.status ? { status: opts.status } : {}),
      },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: opts.first,
    });
  }

  /** OPEN rounds whose ranking deadline lies ahead, nearest deadline first. */
  listOpenRounds(now: Date, first: number): Promise<AllocationRoundEntity[]> {
    return this.dataSource
      .getRepository(AllocationRoundEntity)
      .createQueryBuilder('r')
      .where('r.status = :open AND r.ranking_deadline > :now', { open: RoundStatus.OPEN, now })
      .orderBy('r.ranking_deadline', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .limit(first)
      .getMany();
  }

  async updateRound(
    id: string,
    changes: Partial<Pick<AllocationRoundEntity, 'status' | 'publishedAt' | 'closedAt'>>,
    em: EntityManager,
  ): Promise<void> {
    await em.getRepository(AllocationRoundEntity).update({ id }, changes);
  }

  /** The opportunity ids of each round, for the loaders. */
  findRoundOpportunities(roundIds: readonly string[], em?: EntityManager): Promise<RoundOpportunityEntity[]> {
    if (roundIds.length === 0) return Promise.resolve([]);
    return this.manager(em)
      .getRepository(RoundOpportunityEntity)
      .find({ where: { roundId: In([...roundIds]) }, order: { opportunityId: 'ASC' } });
  }

  /** The ids of a round's opportunities, ascending, as plain values (a national round holds 50,000: no entity each). */
  async roundOpportunityIds(roundId: string, em: EntityManager): Promise<string[]> {
    const rows = await em.query<{ id: string }[]>(
      `SELECT opportunity_id AS id FROM round_opportunities WHERE round_id = $1 ORDER BY opportunity_id`,
      [roundId],
    );
    return rows.map((r) => r.id);
  }

  /** Those of `opportunityIds` that some round already allocates. */
  async opportunitiesInRounds(opportunityIds: readonly string[], em: EntityManager): Promise<Set<string>> {
    if (opportunityIds.length === 0) return new Set();
    const rows = await em
      .getRepository(RoundOpportunityEntity)
      .findBy({ opportunityId: In([...opportunityIds]) });
    return new Set(rows.map((r) => r.opportunityId));
  }

  // ---- choices --------------------------------------------------------------------------------

  /** Serialises rewrites of one candidate's choices in one round until commit. */
  async lockChoices(roundId: string, candidateId: string, em: EntityManager): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [
      CHOICES_LOCK,
      `${roundId}:${candidateId}`,
    ]);
  }

  async replaceChoices(
    roundId: string,
    candidateId: string,
    opportunityIds: readonly string[],
    em: EntityManager,
  ): Promise<void> {
    const repo = em.getRepository(RoundChoiceEntity);
    await repo.delete({ roundId, candidateId });
    if (opportunityIds.length === 0) return;
    await repo.insert(
      opportunityIds.map((opportunityId, i) => ({ roundId, candidateId, opportunityId, rank: i + 1 })),
    );
  }

  choicesOfCandidate(roundId: string, candidateId: string, em?: EntityManager): Promise<RoundChoiceEntity[]> {
    return this.manager(em)
      .getRepository(RoundChoiceEntity)
      .find({ where: { roundId, candidateId }, order: { rank: 'ASC' } });
  }

  /** Every choice of the round, by candidate id then rank (plain rows: a round may hold millions). */
  async choicesOfRound(
    roundId: string,
    em: EntityManager,
  ): Promise<Pick<RoundChoiceEntity, 'candidateId' | 'opportunityId' | 'rank'>[]> {
    const rows = await em.query<{ candidate_id: string; opportunity_id: string; rank: number }[]>(
      `SELECT candidate_id, opportunity_id, rank FROM round_choices
        WHERE round_id = $1 AND ${notRestricted('candidate_id')} ORDER BY candidate_id, rank`,
      [roundId],
    );
    return rows.map((r) => ({ candidateId: r.candidate_id, opportunityId: r.opportunity_id, rank: r.rank }));
  }

  /**
   * The reads of a run's live lists (`LiveLists`): two streams of plain rows in PostgreSQL's binary
   * form (`copyOutBinary`), to run at once on two connections in one snapshot, each fed into one
   * `LiveListsBuilder` as it arrives; `lists()` once both are done. The round's choices come grouped
   * per candidate (`round_choices` read in the order of its key, no sort), with the candidate's
   * organisation, for candidates whose processing is not restricted; the live applications on the
   * round's opportunities as plain rows in any order (3 million in a national round: grouped per
   * candidate in PostgreSQL, they took 12 s of two cores), each with the index of its status in
   * `live`. Applications a closure lists are REJECTED (src/applications/application-states.ts) and
   * left out as a rejected row is. Only the opportunities among `opportunityIds` (the round's) count.
   */
  liveListsOfRound(
    roundId: string,
    opportunityIds: readonly string[],
    allocatable: readonly string[],
    live: readonly string[],
  ): LiveListsReads {
    if (opportunityIds.length === 0) {
      return {
        choices: async () => undefined,
        applications: async () => undefined,
        lists: async () => noLiveLists(),
      };
    }
    // COPY takes no parameters: the round's id is checked, the statuses are this codebase's constants.
    if (!isUuid(roundId)) throw new Error(`liveListsOfRound: not a uuid: ${roundId}`);
    const round = `'${roundId}'::uuid`;
    const statuses = `ARRAY[${live.map(sqlTextLiteral).join(', ')}]::text[]`;
    const builder = new LiveListsBuilder(
      UuidTable.of(opportunityIds),
      live.map((status) => allocatable.includes(status)),
    );
    const uuidAt = (row: BinaryCopyParser, f: number): number => {
      if (row.length[f] !== 16) throw new Error('liveListsOfRound: a uuid of the wrong length');
      return row.start[f];
    };
    // Without JIT (costed by their millions of rows, the statements would be compiled for one pass)
    // and without nested loops: before a round's first publication the planner thinks the closures
    // empty and scanned them again for each application (2.8 s alone, 1.9 s without, wave 12).
    const copy = (em: EntityManager, select: string, onRow: (row: BinaryCopyParser) => void) =>
      withWorkMem(em, '256MB', () => copyOutBinary(em, select, 4, onRow), { jit: false, nestLoop: false });
    const choices = async (em: EntityManager): Promise<void> => {
      const opportunities: number[] = [];
      const ranks: number[] = [];
      await copy(
        em,
        `SELECT g.candidate_id, g.opportunities, g.ranks, u.organisation_id
           FROM (SELECT c.candidate_id, array_agg(c.opportunity_id) AS opportunities, array_agg(c.rank) AS ranks
                   FROM round_choices c WHERE c.round_id = ${round} GROUP BY c.candidate_id) g
           JOIN users u ON u.id = g.candidate_id
          WHERE ${notRestricted('g.candidate_id')}`,
        (row) => {
          const candidate = uuidAt(row, 0);
          const organisation = row.length[3] < 0 ? -1 : uuidAt(row, 3);
          binaryArrayElements(row.bytes, row.start[1], row.length[1], 16, opportunities);
          binaryArrayElements(row.bytes, row.start[2], row.length[2], 4, ranks);
          if (opportunities.length !== ranks.length) throw new Error('liveListsOfRound: malformed choices');
          for (let k = 0; k < opportunities.length; k++) {
            builder.choice(
              row.bytes,
              candidate,
              opportunities[k],
              row.bytes.readInt32BE(ranks[k]),
              organisation,
            );
          }
        },
      );
    };
    const applications = async (em: EntityManager): Promise<void> => {
      await copy(
        em,
        `SELECT a.candidate_id, a.opportunity_id, a.id, (array_position(${statuses}, a.status) - 1)::int2
           FROM applications a
           JOIN round_opportunities o ON o.round_id = ${round} AND o.opportunity_id = a.opportunity_id
          WHERE a.status = ANY (${statuses}) AND NOT ${closedBySql('a')}`,
        (row) => {
          if (row.length[3] !== 2) throw new Error('liveListsOfRound: a status of the wrong length');
          builder.application(
            row.bytes,
            uuidAt(row, 0),
            uuidAt(row, 1),
            uuidAt(row, 2),
            row.bytes.readInt16BE(row.start[3]),
          );
        },
      );
    };
    return { choices, applications, lists: () => builder.lists() };
  }

  /** The rounds the candidate chose in, latest ranking deadline first. */
  listRoundsChosenBy(candidateId: string, first: number): Promise<AllocationRoundEntity[]> {
    return this.dataSource
      .getRepository(AllocationRoundEntity)
      .createQueryBuilder('r')
      .where(
        'EXISTS (SELECT 1 FROM round_choices c WHERE c.round_id = r.id AND c.candidate_id = :candidateId)',
        { candidateId },
      )
      .orderBy('r.ranking_deadline', 'DESC')
      .addOrderBy('r.id', 'ASC')
      .limit(first)
      .getMany();
  }

  // ---- overrides ------------------------------------------------------------------------------

  insertOverride(values: NewOverride, em: EntityManager): Promise<RoundOverrideEntity> {
    const repo = em.getRepository(RoundOverrideEntity);
    return repo.save(repo.create(values));
  }

  overridesOf(roundId: string, em?: EntityManager): Promise<RoundOverrideEntity[]> {
    return this.manager(em)
      .getRepository(RoundOverrideEntity)
      .find({ where: { roundId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** HR's recorded reason for pre-assigning the candidate to the opportunity (the latest), or null. */
  async preAssignReason(roundId: string, candidateId: string, opportunityId: string): Promise<string | null> {
    const found = await this.dataSource.getRepository(RoundOverrideEntity).findOne({
      where: { roundId, candidateId, opportunityId, kind: RoundOverrideKind.PRE_ASSIGN },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
    return found?.reason ?? null;
  }

  // ---- runs (a PostgreSQL-backed job queue) ---------------------------------------------------

  insertRun(values: NewRun, em?: EntityManager): Promise<RoundRunEntity> {
    const repo = this.manager(em).getRepository(RoundRunEntity);
    return repo.save(repo.create({ ...values, status: RoundRunStatus.QUEUED }));
  }

  findRun(id: string, em?: EntityManager): Promise<RoundRunEntity | null> {
    return this.manager(em).getRepository(RoundRunEntity).findOneBy({ id });
  }

  /** Newest first, without `input` and `assignment` (undefined; see `runPayloads`). */
  runsOfRound(roundId: string, first: number): Promise<RoundRunEntity[]> {
    return this.dataSource.getRepository(RoundRunEntity).find({
      where: { roundId },
      select: {
        id: true,
        roundId: true,
        kind: true,
        scope: true,
        status: true,
        algorithm: true,
        algorithmVersion: true,
        seed: true,
        inputHash: true,
        stats: true,
        stable: true,
        violations: true,
        error: true,
        createdBy: true,
        createdAt: true,
        startedAt: true,
        finishedAt: true,
      },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: first,
    });
  }

  /** A publication or follow-up of the round waiting or running (they must not overlap). */
  hasPendingApplyingRun(roundId: string, em: EntityManager): Promise<boolean> {
    return em.getRepository(RoundRunEntity).existsBy({
      roundId,
      kind: In([RoundRunKind.PUBLISH, RoundRunKind.FOLLOW_UP]),
      status: In([RoundRunStatus.QUEUED, RoundRunStatus.RUNNING]),
    });
  }

  /**
   * Claims the oldest QUEUED run (or one RUNNING since before `staleBefore`: its process died) and
   * marks it RUNNING, counting the attempt. FOR UPDATE SKIP LOCKED: several instances can claim at
   * once, each gets its own. An abandoned run already claimed `maxAttempts` times is not claimed
   * again but FAILED with `abandonedReason` (it keeps killing its process, or the instances keep
   * restarting); those are returned as `abandoned` so that the change can be announced.
   */
  async claimNextRun(
    staleBefore: Date,
    maxAttempts: number,
    abandonedReason: string,
    em: EntityManager,
  ): Promise<{ run: RoundRunEntity | null; abandoned: RoundRunEntity[] }> {
    const [failed]: [{ id: string }[], number] = await em.query(
      `UPDATE round_runs SET status = $1, error = $2, finished_at = now()
        WHERE id IN (
          SELECT id FROM round_runs
           WHERE status = $3 AND started_at < $4 AND attempts >= $5
           FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [RoundRunStatus.FAILED, abandonedReason, RoundRunStatus.RUNNING, staleBefore, maxAttempts],
    );
    const [claimed]: [{ id: string }[], number] = await em.query(
      `UPDATE round_runs SET status = $1, started_at = now(), attempts = attempts + 1
        WHERE id = (
          SELECT id FROM round_runs
           WHERE status = $2 OR (status = $1 AND started_at < $3 AND attempts < $4)
           ORDER BY created_at, id
           FOR UPDATE SKIP LOCKED
           LIMIT 1)
        RETURNING id`,
      [RoundRunStatus.RUNNING, RoundRunStatus.QUEUED, staleBefore, maxAttempts],
    );
    const ids = [...failed, ...claimed].map((r) => r.id);
    const rows = ids.length ? await em.getRepository(RoundRunEntity).findBy({ id: In(ids) }) : [];
    return {
      run: rows.find((r) => claimed.some((c) => c.id === r.id)) ?? null,
      abandoned: rows.filter((r) => failed.some((f) => f.id === r.id)),
    };
  }

  /** The run, locked until commit, if it is still RUNNING (nobody else finished it). */
  lockRunningRun(id: string, em: EntityManager): Promise<RoundRunEntity | null> {
    return em.getRepository(RoundRunEntity).findOne({
      where: { id, status: RoundRunStatus.RUNNING },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /**
   * Stores the result on the (locked) run; returns the run as stored, without reading it back.
   * `input`: the document's parts, and its text as the solver hashed it (a string, or its UTF-8
   * bytes); the parts' small rest goes into the run's row. With the text, the text and the rows per
   * candidate are stored here too (`storeRunInput`, in `em`'s transaction); without it the caller
   * stores them (`storeRunInput` below, in a transaction of its own: `RoundRunsService`). Without
   * an input, the run's text and rows are deleted. The returned run carries the rest as `input`.
   */
  async finishRun(
    run: RoundRunEntity,
    result: Omit<RunResult, 'input'> & {
      input: { json?: string | Uint8Array; parts: RunInputParts } | null;
    },
    em: EntityManager,
  ): Promise<RoundRunEntity> {
    // Plain SQL with each jsonb serialised once. A run stored with its input keeps its assignment in
    // its rows per candidate only (`assigned`, `placed_on`; `runPayloads` reads it back from them):
    // not also as a jsonb of every candidate (6 MB at 100k, serialised, parsed and compressed again).
    const json = (value: unknown): string | null => (value === null ? null : JSON.stringify(value));
    const { input, ...stored } = result;
    const assignmentInRows = input !== null && stored.assignment !== null;
    await em.query(
      `UPDATE round_runs
          SET status = $2, algorithm = $3, algorithm_version = $4, input_hash = $5, input = $12::jsonb,
              assignment = $6::jsonb, stats = $7::jsonb, stable = $8, violations = $9::jsonb, error = $10,
              finished_at = $11
        WHERE id = $1`,
      [
        run.id,
        stored.status,
        stored.algorithm,
        stored.algorithmVersion,
        stored.inputHash,
        assignmentInRows ? null : json(stored.assignment),
        json(stored.stats),
        stored.stable,
        json(stored.violations),
        stored.error,
        stored.finishedAt,
        input ? json(input.parts.rest) : null,
      ],
    );
    if (!input) {
      await em.query(`DELETE FROM round_run_inputs WHERE run_id = $1`, [run.id]);
      await em.query(`DELETE FROM round_run_candidates WHERE run_id = $1`, [run.id]);
    } else if (input.json !== undefined) {
      await this.storeRunInput(
        run.id,
        { json: input.json, candidates: input.parts.candidates },
        stored.assignment,
        em,
      );
    }
    return Object.assign(new RoundRunEntity(), run, stored, { input: input?.parts.rest ?? null });
  }

  /**
   * A run's input text and rows per candidate (`storeRunInput`): they touch neither the run's row
   * nor a key to it, so `em` may be a transaction of its own beside the one holding the run locked.
   */
  storeRunInput(
    runId: string,
    input: RunInputToStore,
    assignment: Readonly<Record<string, string | null>> | null,
    em: EntityManager,
  ): Promise<void> {
    return storeRunInput(storeSessionOf(em), runId, input, assignment);
  }

  /**
   * The applied run (publication or follow-up, DONE) that placed `candidateId` on `opportunityId`:
   * solved, pre-assigned by HR, or given the seat by an earlier reassignment. The latest such run,
   * locked FOR UPDATE (its overridden pairs change).
   */
  async lockRunPlacing(
    roundId: string,
    candidateId: string,
    opportunityId: string,
    em: EntityManager,
  ): Promise<RoundRunEntity | null> {
    if (!isUuid(candidateId) || !isUuid(opportunityId)) return null;
    const rows = await em.query<{ id: string }[]>(
      `SELECT r.id FROM round_runs r
        WHERE r.round_id = $1 AND r.status = $4 AND r.kind = ANY($5::text[])
          AND (EXISTS (SELECT 1 FROM round_run_candidates c
                        WHERE c.run_id = r.id AND c.candidate_id = $2::uuid
                          AND (c.placed_on = $3::uuid OR c.pre_assigned_to = $3::uuid))
               OR r.overridden_pairs @> jsonb_build_array(jsonb_build_object('toCandidateId', $2::text, 'opportunityId', $3::text)))
        ORDER BY r.created_at DESC, r.id DESC LIMIT 1
        FOR UPDATE OF r`,
      [
        roundId,
        candidateId,
        opportunityId,
        RoundRunStatus.DONE,
        [RoundRunKind.PUBLISH, RoundRunKind.FOLLOW_UP],
      ],
    );
    return rows.length ? this.findRun(rows[0].id, em) : null;
  }

  /** The placements HR reassigned on this run, oldest first. */
  async overriddenPairsOf(runId: string): Promise<RoundOverriddenPair[]> {
    const rows = await this.dataSource.query<{ pairs: RoundOverriddenPair[] }[]>(
      `SELECT overridden_pairs AS pairs FROM round_runs WHERE id = $1`,
      [runId],
    );
    return rows[0]?.pairs ?? [];
  }

  /** Appends a reassigned placement to the run's record. */
  async addOverriddenPair(
    runId: string,
    pair: RoundOverriddenPair,
    em: EntityManager,
  ): Promise<RoundRunEntity> {
    await em.query(`UPDATE round_runs SET overridden_pairs = overridden_pairs || $2::jsonb WHERE id = $1`, [
      runId,
      JSON.stringify([pair]),
    ]);
    const run = await this.findRun(runId, em);
    if (!run) throw new Error(`round run ${runId} vanished`);
    return run;
  }

  /**
   * The candidate's slice of every DONE publication and follow-up of the round they took part in,
   * oldest first: their row of each run (`round_run_candidates`, by candidate id).
   */
  async candidateRunViews(roundId: string, candidateId: string): Promise<CandidateRunRow[]> {
    if (!isUuid(candidateId)) return [];
    const rows = await this.dataSource.query<
      {
        id: string;
        placed: string | null;
        pre_assigned: string | null;
        choices: string[];
        own: string[];
        listed_by: string[];
        full_opportunities: string[];
      }[]
    >(
      `SELECT r.id, c.placed_on AS placed, c.pre_assigned_to AS pre_assigned, c.choices::text[] AS choices,
              ARRAY(SELECT c.choices[p]::text FROM unnest(c.own_choices) AS p) AS own,
              ARRAY(SELECT c.choices[p]::text FROM unnest(c.listed_by) AS p) AS listed_by,
              ARRAY(SELECT c.choices[p]::text FROM unnest(c.full_choices) AS p) AS full_opportunities
         FROM round_run_candidates c
         JOIN round_runs r ON r.id = c.run_id
        WHERE c.candidate_id = $2::uuid AND r.round_id = $1 AND r.status = $3 AND r.kind = ANY($4::text[])
          AND (c.assigned OR c.pre_assigned_to IS NOT NULL)
        ORDER BY r.created_at, r.id`,
      [roundId, candidateId, RoundRunStatus.DONE, [RoundRunKind.PUBLISH, RoundRunKind.FOLLOW_UP]],
    );
    return rows.map((r) => ({
      runId: r.id,
      view: {
        choices: r.choices,
        placed: r.placed,
        preAssigned: r.pre_assigned,
        own: new Set(r.own),
        listedBy: new Set(r.listed_by),
        full: new Set(r.full_opportunities),
      },
    }));
  }

  /** HR's decisions inside each run's stored input (pre_assignments, overrides), not the whole input. */
  async runDecisions(
    ids: readonly string[],
  ): Promise<{ id: string; decisions: Pick<RoundRunInput, 'pre_assignments' | 'overrides'> }[]> {
    if (ids.length === 0) return [];
    return this.dataSource.query(
      `SELECT id, jsonb_build_object('pre_assignments', input -> 'pre_assignments', 'overrides', input -> 'overrides') AS decisions
         FROM round_runs WHERE id = ANY($1::uuid[]) AND input IS NOT NULL`,
      [[...ids]],
    );
  }

  /**
   * The stored input's rest and the assignment of these runs (large: read only when asked for). The
   * assignment of a run whose input is stored is in its rows (`finishRun`): the candidates the solver
   * placed or left unplaced (`assigned`), with their `placed_on`; runs stored before that keep it in
   * the column. A run's input is only ever stored with its assignment.
   */
  async runPayloads(ids: readonly string[]): Promise<Pick<RoundRunEntity, 'id' | 'input' | 'assignment'>[]> {
    if (ids.length === 0) return [];
    return this.dataSource.query(
      `SELECT r.id, r.input,
              COALESCE(r.assignment, CASE WHEN r.input IS NOT NULL THEN (
                SELECT COALESCE(jsonb_object_agg(c.candidate_id::text, c.placed_on::text), '{}'::jsonb)
                  FROM round_run_candidates c WHERE c.run_id = r.id AND c.assigned) END) AS assignment
         FROM round_runs r WHERE r.id = ANY($1::uuid[])`,
      [[...ids]],
    );
  }

  /** The input documents' text of these runs, as the solver hashed them (very large at scale: `readRunInputTexts`). */
  async runInputJsons(ids: readonly string[]): Promise<{ id: string; inputJson: string | null }[]> {
    return readRunInputTexts(this.dataSource.manager, ids);
  }
}
