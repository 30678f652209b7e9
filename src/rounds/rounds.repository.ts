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
import { RunInputToStore, storeRunInput } from './round-run-inputs';
import { SqlSource } from '../common/database/sql-source';
import { notRestricted } from '../privacy/restriction-sql';
import { closedBySql } from '../applications/application-states';
import { withWorkMem } from '../common/database/work-mem';

/** Lock namespace for pg_advisory_xact_lock(namespace, key): one candidate's choices in one round. */
const CHOICES_LOCK = 'te:rounds:choices';

export interface CandidateRunRow {
  runId: string;
  view: CandidateRunView;
}

/** A run's live choice lists, column-wise (`liveListsOfRound`). */
export interface LiveLists {
  /** Sorted. */
  candidateIds: string[];
  /** Per candidate: their organisation id ('' when unknown). */
  organisationIds: string[];
  /** Candidate i's choices: `choiceOpportunity[choiceStart[i] .. choiceStart[i + 1])`, rank 1 first. */
  choiceStart: Int32Array;
  /** Indices into the opportunity ids given. */
  choiceOpportunity: Int32Array;
  /**
   * Candidate i's live applications on those opportunities, as read:
   * `applicationCode[applicationStart[i] .. applicationStart[i + 1])`, each `opportunity index * 4 +
   * index of its status in the live statuses given`, ascending.
   */
  applicationStart: Int32Array;
  applicationCode: Int32Array;
  /** Application p's id: the 16 bytes of the uuid at `applicationIds[16 * p .. 16 * p + 16)`. */
  applicationIds: Uint8Array;
}

/**
 * Bytes per live application in `liveListsOfRound`'s binary column beside its opportunity's: its code
 * (int4: the rank of the candidate's choice of that opportunity in the round, 0 for none, times 4,
 * plus the index of its status in the live statuses given) and its id (uuid). Its opportunity comes
 * first, as the last `UuidIndex.width` bytes of its id (8: a record of 28 bytes).
 */
const APPLICATION_BYTES = 20;

/** The value of a hexadecimal digit's character code (either case; checked by `isUuid` first). */
function hexValue(code: number): number {
  return code <= 57 ? code - 48 : (code | 32) - 87;
}

/**
 * Finds an opportunity's index among `ids` from the last `width` bytes of its uuid, without a string
 * per lookup: an open-addressing table keyed by the uuid's last four bytes (random in every uuid
 * version), each hit checked on all `width` bytes. `width` is 8 when the ids' last 8 bytes tell them
 * apart (random bits in every uuid version: all but certain), else 16. -1 for an id not among them.
 */
export class UuidIndex {
  /** How many of a uuid's last bytes `find` reads: 8 or 16. */
  readonly width: 8 | 16;
  private readonly keys: Uint8Array;
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(ids: readonly string[]) {
    this.keys = new Uint8Array(16 * ids.length);
    ids.forEach((id, j) => {
      if (!isUuid(id)) throw new Error(`UuidIndex: not a uuid: ${id}`);
      // The 32 hexadecimal digits, the dashes skipped (at 8, 13, 18 and 23).
      for (let b = 0, c = 0; b < 16; b++, c += 2) {
        if (c === 8 || c === 13 || c === 18 || c === 23) c++;
        this.keys[16 * j + b] = (hexValue(id.charCodeAt(c)) << 4) | hexValue(id.charCodeAt(c + 1));
      }
    });
    let size = 16;
    while (size < 2 * ids.length) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    this.width = this.fill(8) ? 8 : 16;
    if (this.width === 16 && !this.fill(16)) {
      throw new Error(`UuidIndex: an id twice among ${ids.length}`);
    }
  }

  /** The index of the uuid whose last `width` bytes are `bytes[at .. at + width)`, or -1. */
  find(bytes: Uint8Array, at: number): number {
    const width = this.width;
    for (let slot = this.slotOf(bytes, at + width); ; slot = (slot + 1) & this.mask) {
      const k = this.slots[slot] - 1;
      if (k < 0) return -1;
      let b = 0;
      const from = 16 * k + 16 - width;
      while (b < width && this.keys[from + b] === bytes[at + b]) b++;
      if (b === width) return k;
    }
  }

  /** Puts every id in the table by its last `width` bytes; false if two share them. */
  private fill(width: 8 | 16): boolean {
    this.slots.fill(0);
    const n = this.keys.length / 16;
    for (let j = 0; j < n; j++) {
      const end = 16 * j + 16;
      for (let slot = this.slotOf(this.keys, end); ; slot = (slot + 1) & this.mask) {
        const k = this.slots[slot] - 1;
        if (k < 0) {
          this.slots[slot] = j + 1;
          break;
        }
        let b = 1;
        while (b <= width && this.keys[16 * k + 16 - b] === this.keys[end - b]) b++;
        if (b > width) return false;
      }
    }
    return true;
  }

  /** The slot of the uuid whose last byte is `bytes[end - 1]`, from its last four bytes. */
  private slotOf(bytes: Uint8Array, end: number): number {
    const tail = (bytes[end - 4] << 24) | (bytes[end - 3] << 16) | (bytes[end - 2] << 8) | bytes[end - 1];
    return (Math.imul(tail, 0x9e3779b1) >>> 16) & this.mask;
  }
}

/**
 * The order that sorts `ids` (uuids as lowercase text: their text order is PostgreSQL's uuid
 * order): `rowOf[i]` is the index in `ids` of the i-th smallest. The identity, without a sort, when
 * they already are in order (the statement's plan usually gives them so, but nothing promises it).
 */
export function sortedOrderOf(ids: readonly string[]): Int32Array {
  const n = ids.length;
  const rowOf = new Int32Array(n);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    rowOf[i] = i;
    if (i > 0 && ids[i - 1] > ids[i]) sorted = false;
  }
  if (!sorted) rowOf.sort((a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
  return rowOf;
}

/** `liveListsOfRound`'s one row: its texts and binary column, one entry per candidate, in any order. */
export interface LiveListsColumns {
  n: number;
  /** The candidates' ids, 36 characters each. */
  ids: string;
  /** The organisations' ids, comma-separated: `organisations` holds positions in it. */
  orgs: string;
  organisations: string;
  /**
   * Per candidate, in the rows' order: their count of live applications (int4), then per application,
   * in any order, its opportunity's id's last `UuidIndex.width` bytes and its `APPLICATION_BYTES`.
   */
  applications: Uint8Array;
}

/** What `liveListsOfColumns` needs to read the applications column. */
export interface LiveListsKey {
  /** The round's opportunities (the ids given to the statement), their index the position. */
  opportunities: UuidIndex;
  /** Per index of a live status (as given to the statement): whether a choice on it is live. */
  allocatable: readonly boolean[];
}

/**
 * `liveListsOfRound`'s columns into the lists, the candidates sorted by id whatever order the rows
 * came in (all columns in the same order: one aggregate node makes them from the same rows). Each
 * candidate's applications become codes (opportunity index * 4 + status index), ascending, with
 * their ids in the same order; their choices (an application with a rank, in an allocatable status)
 * the opportunities' indices in rank order.
 */
export function liveListsOfColumns(row: LiveListsColumns, key: LiveListsKey): LiveLists {
  const n = row.n;
  // The rows' candidates, in the statement's order, then the order that sorts them.
  const rowIds = new Array<string>(n);
  for (let r = 0; r < n; r++) rowIds[r] = row.ids.slice(36 * r, 36 * r + 36);
  const rowOf = sortedOrderOf(rowIds);
  const candidateIds = new Array<string>(n);
  for (let i = 0; i < n; i++) candidateIds[i] = rowIds[rowOf[i]];

  const bytes = row.applications;
  const malformed = (): Error => new Error('liveListsOfRound: malformed applications');
  const width = key.opportunities.width;
  const recordBytes = width + APPLICATION_BYTES;
  const m = (bytes.length - 4 * n) / recordBytes;
  if (!Number.isInteger(m) || m < 0) throw malformed();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Where each row's count is (a first pass: the rows may come in any order), and how many choices.
  const rowAt = new Int32Array(n);
  let choices = 0;
  let offset = 0;
  for (let r = 0; r < n; r++) {
    if (offset + 4 > bytes.length) throw malformed();
    const count = view.getInt32(offset);
    if (count < 0 || offset + 4 + count * recordBytes > bytes.length) throw malformed();
    rowAt[r] = offset;
    for (let k = 0, at = offset + 4 + width; k < count; k++, at += recordBytes) {
      const code = view.getInt32(at);
      if (code < 0 || key.allocatable[code & 3] === undefined) throw malformed();
      if (code >> 2 > 0 && key.allocatable[code & 3]) choices++;
    }
    offset += 4 + count * recordBytes;
  }
  if (offset !== bytes.length) throw malformed();

  const applicationStart = new Int32Array(n + 1);
  const applicationCode = new Int32Array(m);
  const applicationIds = new Uint8Array(16 * m);
  const choiceStart = new Int32Array(n + 1);
  const choiceOpportunity = new Int32Array(choices);
  const rankOf = new Int32Array(choices);
  // Per candidate, where each application's record is, put in the order of their codes.
  const recordAt: number[] = [];
  const codeOf: number[] = [];
  let p = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const from = rowAt[rowOf[i]];
    const count = view.getInt32(from);
    applicationStart[i] = p;
    choiceStart[i] = c;
    recordAt.length = 0;
    codeOf.length = 0;
    for (let k = 0; k < count; k++) {
      const record = from + 4 + k * recordBytes;
      const j = key.opportunities.find(bytes, record);
      if (j < 0) throw malformed();
      const stored = view.getInt32(record + width);
      const status = stored & 3;
      const rank = stored >> 2;
      if (rank > 0 && key.allocatable[status]) {
        let q = c;
        while (q > choiceStart[i] && rankOf[q - 1] > rank) {
          choiceOpportunity[q] = choiceOpportunity[q - 1];
          rankOf[q] = rankOf[q - 1];
          q--;
        }
        choiceOpportunity[q] = j;
        rankOf[q] = rank;
        c++;
      }
      const code = j * 4 + status;
      let q = k;
      while (q > 0 && codeOf[q - 1] > code) {
        codeOf[q] = codeOf[q - 1];
        recordAt[q] = recordAt[q - 1];
        q--;
      }
      codeOf[q] = code;
      recordAt[q] = record;
    }
    for (let k = 0; k < count; k++) {
      applicationCode[p] = codeOf[k];
      for (let b = 0, src = recordAt[k] + width + 4, to = 16 * p; b < 16; b++)
        applicationIds[to + b] = bytes[src + b];
      p++;
    }
  }
  applicationStart[n] = p;
  choiceStart[n] = c;

  const orgs = row.orgs === '' ? [] : row.orgs.split(',');
  const rowOrganisation = new Array<string>(n);
  let at = 0;
  for (let r = 0; r < n; r++) {
    const end = r === n - 1 ? row.organisations.length : row.organisations.indexOf(',', at);
    rowOrganisation[r] = end === at ? '' : orgs[Number(row.organisations.slice(at, end))];
    at = end + 1;
  }
  const organisationIds = new Array<string>(n);
  for (let i = 0; i < n; i++) organisationIds[i] = rowOrganisation[rowOf[i]];
  return {
    candidateIds,
    organisationIds,
    choiceStart,
    choiceOpportunity,
    applicationStart,
    applicationCode,
    applicationIds,
  };
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

  /**
   * The ROUND_NOT_MATCHED notice of each of these candidates (they stay on the waiting list), as
   * notification rows for `NotificationsService.recordFrom`: only the ids are sent. The text and
   * data are the same for all: made once (`OFFSET 0` keeps the planner from writing them into
   * every row again), not once per candidate.
   */
  notMatchedDrafts(round: string, candidateIds: readonly string[]): SqlSource {
    return {
      sql: `SELECT c.id AS user_id, 'ROUND_NOT_MATCHED' AS type, k.message, k.data
              FROM (SELECT format('You were not matched in round "%s". Your remaining choices stay on the waiting list for a follow-up.', $1::text) AS message,
                           jsonb_build_object('round', $1::text) AS data
                     OFFSET 0) AS k
             CROSS JOIN unnest($2::uuid[]) AS c(id)`,
      params: [round, candidateIds],
    };
  }

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
   * The run's live choice lists, column-wise, in one statement: per candidate (sorted by id) the
   * choices, rank 1 first, whose opportunity is in `opportunityIds` and for which the candidate holds
   * an application in `allocatable` status; candidates holding an application in `seated` status on
   * one of those opportunities, and people whose processing is restricted (src/privacy), are left
   * out, as are candidates with no such choice left. Beside the lists, each candidate's live
   * applications on those opportunities (code and id: a publication decides from them). PostgreSQL
   * aggregates it into two texts (ids at fixed width, organisation ids) and one binary column (the
   * applications, with their opportunity and rank): no row object per choice, application or
   * candidate on the event loop, and the lists arrive as typed arrays.
   */
  async liveListsOfRound(
    roundId: string,
    opportunityIds: readonly string[],
    allocatable: readonly string[],
    seated: readonly string[],
    live: readonly string[],
    em: EntityManager,
  ): Promise<LiveLists> {
    if (opportunityIds.length === 0) {
      return {
        candidateIds: [],
        organisationIds: [],
        choiceStart: new Int32Array(1),
        choiceOpportunity: new Int32Array(0),
        applicationStart: new Int32Array(1),
        applicationCode: new Int32Array(0),
        applicationIds: new Uint8Array(0),
      };
    }
    if (live.length > 4) throw new Error('liveListsOfRound: a status index takes two bits');
    // Each application's opportunity as the last 8 bytes of its id where they tell the round's apart.
    const opportunities = new UuidIndex(opportunityIds);
    // A whole round's sorts and hashes in memory (the default 4 MB spills them to disk), no JIT.
    const [row] = await withWorkMem(
      em,
      '256MB',
      () =>
        em.query<LiveListsColumns[]>(
          // One pass over the round's live applications (`a`), each with its choice in the round if any
          // (one live application per candidate and opportunity, uq_applications_live; one choice per
          // candidate and opportunity, the key of round_choices), grouped once per candidate: per
          // application its opportunity (the last 8 bytes of its id: `UuidIndex`), its choice's rank
          // (0 for none) with its status, and its id, 28 bytes, unordered (the publication decides
          // from these, read once; Node finds each opportunity's position, puts the lists in rank
          // order and the applications in code order), whether they hold a seat. The opportunities are a hashed `= ANY`: joined with the `unnest`
          // of their ids (for their positions) PostgreSQL sorted the 3 million applications of a
          // national round by opportunity for a merge join (wave 9). Organisations as
          // positions in a list of them. The candidates are aggregated in the order the rows come
          // (no ordered aggregate: each sorted the 300,000 candidates' rows again at national scale);
          // the plan groups them in the order of their ids, the joins after it keep it, and Node puts
          // them in order if not (`liveListsOfColumns`). Applications a closure lists are REJECTED
          // (src/applications/application-states.ts) and left out as a rejected row is: PostgreSQL
          // turns the NOT EXISTS into an anti-join with the closures hashed by candidate (one pass
          // over the applications, no probe per row; checked with EXPLAIN on a seeded 10k round).
          `WITH org AS MATERIALIZED (SELECT id, (row_number() OVER (ORDER BY id) - 1)::int AS x FROM organisations),
              per AS (
                SELECT a.candidate_id,
                       int4send(count(*)::int)
                         || string_agg(substring(uuid_send(a.opportunity_id) FROM $6::int)
                                       || int4send(coalesce(c.rank, 0) * 4 + array_position($5::text[], a.status) - 1)
                                       || uuid_send(a.id), ''::bytea) AS apps
                  FROM applications a
                  LEFT JOIN round_choices c
                         ON c.round_id = $1 AND c.candidate_id = a.candidate_id AND c.opportunity_id = a.opportunity_id
                 WHERE a.opportunity_id = ANY($2::uuid[]) AND a.status = ANY($5::text[]) AND NOT ${closedBySql('a')}
                 GROUP BY a.candidate_id
                HAVING NOT bool_or(a.status = ANY($4::text[]))
                   AND bool_or(c.rank IS NOT NULL AND a.status = ANY($3::text[])))
         SELECT count(*)::int AS n,
                (SELECT coalesce(string_agg(org.id::text, ',' ORDER BY org.x), '') FROM org) AS orgs,
                coalesce(string_agg(p.candidate_id::text, ''), '') AS ids,
                coalesce(string_agg(coalesce(org.x::text, ''), ','), '') AS organisations,
                coalesce(string_agg(p.apps, ''::bytea), ''::bytea) AS applications
           FROM per p LEFT JOIN users u ON u.id = p.candidate_id LEFT JOIN org ON org.id = u.organisation_id
          WHERE ${notRestricted('p.candidate_id')}`,
          [roundId, [...opportunityIds], [...allocatable], [...seated], [...live], 17 - opportunities.width],
        ),
      // Costed by default, a national round's plan is serial (9.3 s alone, its sort on disk); with two
      // workers sorting their part it took 5.7 to 6.4 s (wave 9).
      { jit: false, parallelTupleCost: 0.01 },
    );
    return liveListsOfColumns(row, {
      opportunities,
      allocatable: live.map((status) => allocatable.includes(status)),
    });
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
    return storeRunInput((sql, parameters) => em.query(sql, parameters), runId, input, assignment);
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

  /** The input documents' text of these runs, as the solver hashed them (very large at scale). */
  async runInputJsons(ids: readonly string[]): Promise<{ id: string; inputJson: string | null }[]> {
    if (ids.length === 0) return [];
    return this.dataSource.query(
      `SELECT r.id, i.input_json AS "inputJson"
         FROM round_runs r LEFT JOIN round_run_inputs i ON i.run_id = r.id
        WHERE r.id = ANY($1::uuid[])`,
      [[...ids]],
    );
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Person and opportunity ids are uuids: anything else names no row (and is no cast error). */
function isUuid(id: string): boolean {
  return UUID.test(id);
}
