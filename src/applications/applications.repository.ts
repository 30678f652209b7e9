import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { APPLICATION_CANDIDATE_MEMBER_KEY, applicationHostKeysSql } from '../access/access.policy';
import { SqlSource } from '../common/database/sql-source';
import { int4ArrayBinary, textArrayBinary, uuidArrayBinary } from '../common/database/uuid-bytes';
import { liveEventDateSql } from '../common/events/live-event-codec';
import { LIVE_APPLICATION_STATUSES } from '../core/applications/application-workflow';
import { ApplicationStatus, OpportunityStatus } from '../core/domain/enums';
import { DecidedKind, PackedApplications } from '../core/rounds/round-decisions';
import { CLOSABLE_STATUSES, closedBySql, effectiveStatusSql, isClosable } from './application-states';
import { ApplicationStateEntity } from './entities/application-state.entity';
import type { OpportunityTitles, RoundOutcomeNotices, StatusEventColumns } from './round-announcements';
import {
  ApplicantRankingEntity,
  ApplicationEntity,
  ApplicationTransitionEntity,
} from './entities/application.entity';

export type NewTransition = Pick<
  ApplicationTransitionEntity,
  'applicationId' | 'fromStatus' | 'toStatus' | 'actorId' | 'reason'
>;

export interface TransitionRow {
  applicationId: string;
  fromStatus: ApplicationStatus | null;
  toStatus: ApplicationStatus;
  actorId: string | null;
  actorName: string | null;
  reason: string | null;
  at: Date;
}

/** An application as a status change sees it (locked for the transaction). */
export interface TransitionSubject {
  id: string;
  opportunityId: string;
  candidateId: string;
  status: ApplicationStatus;
  responseDeadline: Date | null;
  /** The opportunity's first day (YYYY-MM-DD). */
  startsOn: string;
  opportunityStatus: OpportunityStatus;
}

/** A SHORTLISTED application of an opportunity outside rounds, as its waiting list sees it. */
export interface WaitingListRow {
  applicationId: string;
  opportunityId: string;
  status: ApplicationStatus;
  rank: number | null;
  submittedAt: Date;
}

/** What passing on an opportunity's seats needs to know beyond the opportunity row. */
export interface SeatHolders {
  openOffers: Map<string, number>;
  inRound: Set<string>;
}

/** A decided status change, persisted with its transition row. */
export interface PersistedChange {
  applicationId: string;
  from: ApplicationStatus;
  to: ApplicationStatus;
  responseDeadline: Date | null;
  reason: string | null;
}

/** Lock namespaces for pg_advisory_xact_lock(namespace, key). */
const CANDIDATE_LOCK = 'te:applications:candidate';
const PLACEMENT_LOCK = 'te:applications:placements';
const RANKING_LOCK = 'te:applications:ranking';

/** The history of the changes `applyStatusChanges` moved (its CTE `moved`; `$7` the actor): one row per change. */
const PER_CHANGE_HISTORY = `
         INSERT INTO application_transitions (application_id, from_status, to_status, actor_id, reason)
         SELECT id, from_status, to_status, $7::uuid, reason FROM moved`;

/**
 * The same history grouped (a round's publication): one row per candidate, status reached and
 * reason, its applications and their from-statuses aligned (one aggregate pass: both arrays in the
 * same order). A national round's 1.44 million changes make about 290,000 rows instead.
 */
const GROUPED_HISTORY = `
         INSERT INTO application_transition_groups
                (candidate_id, application_ids, from_statuses, to_status, actor_id, reason)
         SELECT candidate_id, array_agg(id), array_agg(from_status), to_status, $7::uuid, reason
           FROM moved GROUP BY candidate_id, to_status, reason`;

/** A placement of the same candidate whose period overlaps the one being accepted. */
export interface PlacementClash {
  applicationId: string;
  clashingApplicationId: string;
  clashingOpportunityId: string;
  title: string;
  startsOn: string;
  endsOn: string;
}

const NEEDS_ESCAPE = /["\\]/;

/**
 * PostgreSQL's literal of a one-dimensional array of the values (every element quoted, `"` and `\\`
 * escaped; null as NULL), built with one join and, when nothing needs escaping, no string per element.
 */
function arrayLiteral<T>(items: readonly T[], valueOf: (item: T) => string | null): string {
  if (items.length === 0) return '{}';
  const values = new Array<string | null>(items.length);
  let plain = true;
  for (let i = 0; i < items.length; i++) {
    const value = valueOf(items[i]);
    values[i] = value;
    // A round's changes repeat their status, deadline and reason: each is looked at once.
    if (plain && (i === 0 || value !== values[i - 1])) plain = value !== null && !NEEDS_ESCAPE.test(value);
  }
  if (plain) return `{"${values.join('","')}"}`;
  const elements = new Array<string>(items.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    elements[i] =
      i > 0 && value === values[i - 1]
        ? elements[i - 1]
        : value === null
          ? 'NULL'
          : `"${NEEDS_ESCAPE.test(value) ? value.replace(/["\\]/g, '\\$&') : value}"`;
  }
  return `{${elements.join(',')}}`;
}

/**
 * A round's applications as its run read them (core `PackedApplications`: by candidate, each an
 * opportunity's index and a status's) with their ids, 16 bytes per position.
 */
export type DecidedApplications = PackedApplications & { ids: Uint8Array };

/** Changes to record as closures: positions of `DecidedApplications` (ascending), each with its kind. */
export interface ClosedPositions {
  position: Int32Array;
  /** Per change, its kind's index in `kinds`. */
  kind: Uint8Array;
  kinds: readonly Pick<DecidedKind, 'from' | 'to' | 'reason'>[];
}

/** What a kind of change shares (`applyStatusChanges`), and the ids of its changes in their order. */
export interface ChangeKind {
  from: ApplicationStatus;
  to: ApplicationStatus;
  responseDeadline: Date | null;
  reason: string | null;
  ids: string[];
}

/** Kinds found by a scan up to this many; beyond, by a key (changes with a deadline each). */
const KINDS_SCANNED = 8;

/**
 * The changes grouped by kind, in the order each kind first occurs (one pass; a change is compared
 * with the previous change's kind first: a round's changes come in runs).
 */
function kindsOf(changes: readonly PersistedChange[]): ChangeKind[] {
  const kinds: ChangeKind[] = [];
  const byKey = new Map<string, ChangeKind>();
  const same = (k: ChangeKind, c: PersistedChange): boolean =>
    k.from === c.from &&
    k.to === c.to &&
    k.reason === c.reason &&
    (k.responseDeadline?.getTime() ?? null) === (c.responseDeadline?.getTime() ?? null);
  let last: ChangeKind | undefined;
  for (const change of changes) {
    let kind = last !== undefined && same(last, change) ? last : undefined;
    if (kind === undefined && kinds.length <= KINDS_SCANNED) kind = kinds.find((k) => same(k, change));
    if (kind === undefined) {
      const key = JSON.stringify([
        change.from,
        change.to,
        change.responseDeadline?.getTime() ?? null,
        change.reason,
      ]);
      kind = byKey.get(key);
      if (kind === undefined) {
        kind = {
          from: change.from,
          to: change.to,
          responseDeadline: change.responseDeadline,
          reason: change.reason,
          ids: [],
        };
        kinds.push(kind);
        byKey.set(key, kind);
      }
    }
    kind.ids.push(change.applicationId);
    last = kind;
  }
  return kinds;
}

@Injectable()
export class ApplicationsRepository {
  constructor(
    @InjectRepository(ApplicationEntity) private readonly applications: Repository<ApplicationEntity>,
    @InjectRepository(ApplicantRankingEntity) private readonly rankings: Repository<ApplicantRankingEntity>,
  ) {}

  /** The view `application_states` (registered with the data source; read only, so no module lists it). */
  private get states(): Repository<ApplicationStateEntity> {
    return this.applications.manager.getRepository(ApplicationStateEntity);
  }

  /** Serialises one candidate's submissions until commit, so the live-application cap holds. */
  async lockCandidate(candidateId: string, em: EntityManager): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [CANDIDATE_LOCK, candidateId]);
  }

  /**
   * Serialises the acceptances of these candidates' placements until commit (in id order): a
   * placement that does not exist yet has no row to lock, so two offers accepted at once would
   * both miss each other.
   */
  async lockPlacementsOf(candidateIds: readonly string[], em: EntityManager): Promise<void> {
    for (const candidateId of [...new Set(candidateIds)].sort()) {
      await em.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [
        PLACEMENT_LOCK,
        candidateId,
      ]);
    }
  }

  /**
   * For each of these applications, the candidate's other placements (ACCEPTED or COMPLETED) whose
   * opportunity's period overlaps its own (whole days, both ends included); earliest first.
   */
  async overlappingPlacements(
    applicationIds: readonly string[],
    em: EntityManager,
  ): Promise<PlacementClash[]> {
    if (applicationIds.length === 0) return [];
    const rows: {
      application_id: string;
      clashing_application_id: string;
      clashing_opportunity_id: string;
      title: string;
      starts_on: string;
      ends_on: string;
    }[] = await em.query(
      `SELECT a.id AS application_id, c.id AS clashing_application_id, co.id AS clashing_opportunity_id,
              co.title, to_char(co.starts_on, 'YYYY-MM-DD') AS starts_on, to_char(co.ends_on, 'YYYY-MM-DD') AS ends_on
         FROM applications a
         JOIN opportunities o ON o.id = a.opportunity_id
         JOIN applications c ON c.candidate_id = a.candidate_id AND c.id <> a.id
                            AND c.status IN ('ACCEPTED', 'COMPLETED')
         JOIN opportunities co ON co.id = c.opportunity_id
        WHERE a.id = ANY($1::uuid[])
          AND daterange(o.starts_on, o.ends_on, '[]') && daterange(co.starts_on, co.ends_on, '[]')
        ORDER BY a.id, co.starts_on, c.id`,
      [[...applicationIds]],
    );
    return rows.map((r) => ({
      applicationId: r.application_id,
      clashingApplicationId: r.clashing_application_id,
      clashingOpportunityId: r.clashing_opportunity_id,
      title: r.title,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
    }));
  }

  /** How many applications of the opportunity are in `status`, leaving out `except`. */
  async countInStatus(
    opportunityId: string,
    status: ApplicationStatus,
    except: readonly string[],
    em: EntityManager,
  ): Promise<number> {
    const [row]: { n: number }[] = await em.query(
      `SELECT count(*)::int AS n FROM applications
        WHERE opportunity_id = $1 AND status = $2 AND NOT (id = ANY($3::uuid[]))`,
      [opportunityId, status, [...except]],
    );
    return row?.n ?? 0;
  }

  /** Serialises rewrites of one opportunity's ranking until commit. */
  async lockRanking(opportunityId: string, em: EntityManager): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [RANKING_LOCK, opportunityId]);
  }

  /** Whether the candidate has a live application to the opportunity (a closed one is not live). */
  async hasLiveApplication(candidateId: string, opportunityId: string, em: EntityManager): Promise<boolean> {
    const [row]: { live: boolean }[] = await em.query(
      `SELECT EXISTS (SELECT 1 FROM applications a
                       WHERE a.candidate_id = $1 AND a.opportunity_id = $2 AND a.status = ANY($3::text[])
                         AND NOT ${closedBySql('a')}) AS live`,
      [candidateId, opportunityId, [...LIVE_APPLICATION_STATUSES]],
    );
    return row.live;
  }

  /**
   * The candidate's live applications in the same call as `opportunityId`: the opportunities of its
   * allocation round, or, for an opportunity in no round, those in no round (continuous applying).
   */
  async countLiveApplicationsInCall(
    candidateId: string,
    opportunityId: string,
    em: EntityManager,
  ): Promise<number> {
    const [row] = await em.query<{ live: number }[]>(
      `SELECT count(*)::int AS live
         FROM applications a
         LEFT JOIN round_opportunities ro ON ro.opportunity_id = a.opportunity_id
        WHERE a.candidate_id = $1 AND a.status = ANY($2::text[]) AND NOT ${closedBySql('a')}
          AND ro.round_id IS NOT DISTINCT FROM
              (SELECT round_id FROM round_opportunities WHERE opportunity_id = $3)`,
      [candidateId, [...LIVE_APPLICATION_STATUSES], opportunityId],
    );
    return row.live;
  }

  /**
   * The candidate's live application to the opportunity, its table row locked until commit; null
   * when none. A closed application's stored status still reads live, so it is left out explicitly.
   */
  findLiveForUpdate(
    candidateId: string,
    opportunityId: string,
    em: EntityManager,
  ): Promise<ApplicationEntity | null> {
    return em
      .getRepository(ApplicationEntity)
      .createQueryBuilder('a')
      .where('a.candidate_id = :candidateId AND a.opportunity_id = :opportunityId', {
        candidateId,
        opportunityId,
      })
      .andWhere('a.status IN (:...live)', { live: [...LIVE_APPLICATION_STATUSES] })
      .andWhere(`NOT ${closedBySql('a')}`)
      .setLock('pessimistic_write')
      .getOne();
  }

  insert(
    values: Pick<ApplicationEntity, 'opportunityId' | 'candidateId' | 'status' | 'motivation'>,
    em: EntityManager,
  ): Promise<ApplicationEntity> {
    const repo = em.getRepository(ApplicationEntity);
    return repo.save(repo.create({ ...values, responseDeadline: null }));
  }

  // Reads of applications as people see them go through `application_states` (their effective
  // status and updated_at: src/applications/application-states.ts); writes keep ApplicationEntity.

  findById(id: string, em?: EntityManager): Promise<ApplicationStateEntity | null> {
    return (em ? em.getRepository(ApplicationStateEntity) : this.states).findOneBy({ id });
  }

  findByIds(ids: readonly string[]): Promise<ApplicationStateEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.states.findBy({ id: In([...ids]) });
  }

  findByIdOrFail(id: string, em: EntityManager): Promise<ApplicationStateEntity> {
    return em.getRepository(ApplicationStateEntity).findOneByOrFail({ id });
  }

  /**
   * The application, its table row locked until commit (transitions of one application run one at a
   * time), read with its effective status: a step on a closed application sees REJECTED. Two
   * statements: `FOR UPDATE` cannot go through the view's outer join, and the read after the lock
   * takes a new snapshot, so it sees what the holder of the lock committed.
   */
  async findByIdForUpdate(id: string, em: EntityManager): Promise<ApplicationStateEntity | null> {
    const locked: unknown[] = await em.query('SELECT 1 FROM applications WHERE id = $1 FOR UPDATE', [id]);
    if (locked.length === 0) return null;
    return em.getRepository(ApplicationStateEntity).findOneBy({ id });
  }

  listOfCandidate(
    candidateId: string,
    opts: { status?: ApplicationStatus | null; first: number },
  ): Promise<ApplicationStateEntity[]> {
    return this.states.find({
      where: opts.status ? { candidateId, status: opts.status } : { candidateId },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: opts.first,
    });
  }

  listOfOpportunity(
    opportunityId: string,
    opts: { status?: ApplicationStatus | null; first: number },
  ): Promise<ApplicationStateEntity[]> {
    return this.states.find({
      where: opts.status ? { opportunityId, status: opts.status } : { opportunityId },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: opts.first,
    });
  }

  /**
   * A page of an opportunity's applications, oldest first (ties by id), after the keyset `after`
   * ([created_at as UTC text with microseconds, id]): the index applications(opportunity_id,
   * created_at, id), through `application_states` (its status filter applies after the join with
   * the closures, which probes their index per row). One row more than `first` tells whether another
   * page follows.
   */
  async pageOfOpportunity(
    opportunityId: string,
    opts: { status?: ApplicationStatus | null; first: number; after: readonly [string, string] | null },
  ): Promise<{ rows: { application: ApplicationStateEntity; sortKey: string }[]; hasNextPage: boolean }> {
    const qb = this.states
      .createQueryBuilder('a')
      .addSelect(`to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, 'sort_key')
      .where('a.opportunity_id = :opportunityId', { opportunityId })
      .orderBy('a.created_at', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .limit(opts.first + 1);
    if (opts.status) qb.andWhere('a.status = :status', { status: opts.status });
    if (opts.after)
      qb.andWhere('(a.created_at, a.id) > (:at::timestamptz, :id::uuid)', {
        at: opts.after[0],
        id: opts.after[1],
      });
    const { entities, raw } = await qb.getRawAndEntities<{ sort_key: string }>();
    const rows = entities.map((application, i) => ({ application, sortKey: raw[i].sort_key }));
    return { rows: rows.slice(0, opts.first), hasNextPage: rows.length > opts.first };
  }

  countOfOpportunity(opportunityId: string, status?: ApplicationStatus | null): Promise<number> {
    return this.states.countBy(status ? { opportunityId, status } : { opportunityId });
  }

  async recordTransitions(rows: NewTransition[], em: EntityManager): Promise<void> {
    if (rows.length === 0) return;
    await em.getRepository(ApplicationTransitionEntity).insert(rows);
  }

  /**
   * The transitions of these applications, oldest first, with the actor's display name: one row
   * per change through `application_history` (the per-change rows and a round's grouped ones).
   */
  transitionsOf(applicationIds: readonly string[]): Promise<TransitionRow[]> {
    if (applicationIds.length === 0) return Promise.resolve([]);
    return this.applications.manager.query(
      `SELECT t.application_id AS "applicationId", t.from_status AS "fromStatus", t.to_status AS "toStatus",
              t.actor_id AS "actorId", u.display_name AS "actorName", t.reason AS "reason", t.at AS "at"
         FROM application_history t LEFT JOIN users u ON u.id = t.actor_id
        WHERE t.application_id = ANY($1::uuid[])
        ORDER BY t.at, t.id`,
      [[...applicationIds]],
    );
  }

  /**
   * The applications of these opportunities in one of `statuses`, by effective status: a closed
   * application is REJECTED, not SUBMITTED or SHORTLISTED. The stored statuses that may read as one
   * of the set (REJECTED: the closable ones too) are filtered first.
   */
  async idsInStatus(
    opportunityIds: readonly string[],
    statuses: readonly ApplicationStatus[],
    em: EntityManager,
  ): Promise<string[]> {
    if (opportunityIds.length === 0 || statuses.length === 0) return [];
    const stored = new Set(statuses);
    if (stored.has(ApplicationStatus.REJECTED)) for (const s of CLOSABLE_STATUSES) stored.add(s);
    const rows: { id: string }[] = await em.query(
      `SELECT a.id FROM applications a
        WHERE a.opportunity_id = ANY($1::uuid[]) AND a.status = ANY($3::text[])
          AND ${effectiveStatusSql('a')} = ANY($2::text[])
        ORDER BY a.id`,
      [opportunityIds, statuses, [...stored]],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Locks these applications for the transaction (in id order, so concurrent lockers cannot
   * deadlock), with their effective status: a closed application reads REJECTED, so no event moves it.
   */
  async lockForTransition(ids: readonly string[], em: EntityManager): Promise<TransitionSubject[]> {
    if (ids.length === 0) return [];
    const rows: {
      id: string;
      opportunity_id: string;
      candidate_id: string;
      status: ApplicationStatus;
      response_deadline: Date | null;
      starts_on: string;
      opportunity_status: OpportunityStatus;
    }[] = await em.query(
      `SELECT a.id, a.opportunity_id, a.candidate_id, ${effectiveStatusSql('a')} AS status, a.response_deadline,
              to_char(o.starts_on, 'YYYY-MM-DD') AS starts_on, o.status AS opportunity_status
         FROM applications a JOIN opportunities o ON o.id = a.opportunity_id
        WHERE a.id = ANY($1::uuid[]) ORDER BY a.id FOR UPDATE OF a`,
      [[...new Set(ids)]],
    );
    return rows.map((r) => ({
      id: r.id,
      opportunityId: r.opportunity_id,
      candidateId: r.candidate_id,
      status: r.status,
      responseDeadline: r.response_deadline,
      startsOn: r.starts_on,
      opportunityStatus: r.opportunity_status,
    }));
  }

  /**
   * The SHORTLISTED applications of these opportunities with the host's rank (null: unranked); a
   * closed one is REJECTED and waits for nothing.
   */
  async waitingListsOf(opportunityIds: readonly string[], em: EntityManager): Promise<WaitingListRow[]> {
    if (opportunityIds.length === 0) return [];
    const rows: {
      id: string;
      opportunity_id: string;
      status: ApplicationStatus;
      rank: number | null;
      created_at: Date;
    }[] = await em.query(
      `SELECT a.id, a.opportunity_id, a.status, r.rank, a.created_at
         FROM applications a
         LEFT JOIN applicant_rankings r ON r.application_id = a.id
        WHERE a.opportunity_id = ANY($1::uuid[]) AND a.status = $2 AND NOT ${closedBySql('a')}
        ORDER BY a.opportunity_id, a.id`,
      [[...opportunityIds], ApplicationStatus.SHORTLISTED],
    );
    return rows.map((r) => ({
      applicationId: r.id,
      opportunityId: r.opportunity_id,
      status: r.status,
      rank: r.rank === null ? null : Number(r.rank),
      submittedAt: r.created_at,
    }));
  }

  /** Open offers per opportunity, and which of the opportunities are in an allocation round. */
  async seatHolders(opportunityIds: readonly string[], em: EntityManager): Promise<SeatHolders> {
    if (opportunityIds.length === 0) return { openOffers: new Map(), inRound: new Set() };
    const offers: { opportunity_id: string; offers: number }[] = await em.query(
      `SELECT opportunity_id, count(*)::int AS offers FROM applications
        WHERE opportunity_id = ANY($1::uuid[]) AND status = $2 GROUP BY opportunity_id`,
      [[...opportunityIds], ApplicationStatus.OFFERED],
    );
    const rounds: { opportunity_id: string }[] = await em.query(
      `SELECT DISTINCT opportunity_id FROM round_opportunities WHERE opportunity_id = ANY($1::uuid[])`,
      [[...opportunityIds]],
    );
    return {
      openOffers: new Map(offers.map((o) => [o.opportunity_id, o.offers])),
      inRound: new Set(rounds.map((r) => r.opportunity_id)),
    };
  }

  /**
   * Persists decided changes and their history in ONE statement whatever the count: the UPDATE
   * reads the changes from array parameters (a row-per-values statement would run out of bind
   * parameters) and its RETURNING feeds the INSERT of the history rows (who: `actorId`, the same for
   * the whole set, null for the system; when: the transaction's time; from, to, reason), so only
   * the rows that moved get one and nothing but the arrays leaves Node (the ids, and what changes
   * of a kind share once per kind). The rows are updated in id order. Each row moves only from the
   * status it was decided from, and never once a closure lists it (its effective status is REJECTED
   * while the stored one is still the one decided from); returns how many moved.
   * `groupHistory` (a round's publication): the history as one `application_transition_groups` row
   * per candidate, status reached and reason, listing the applications and the statuses they moved
   * from (migration 1795971000000; read as one row per change through `application_history`).
   */
  applyStatusChanges(
    changes: readonly PersistedChange[],
    actorId: string | null,
    em: EntityManager,
    opts: { groupHistory?: boolean } = {},
  ): Promise<number> {
    return this.applyStatusKinds(kindsOf(changes), actorId, em, opts);
  }

  /** `applyStatusChanges` of changes already grouped by kind (a round's offers: `recordDecided`). */
  async applyStatusKinds(
    kinds: readonly ChangeKind[],
    actorId: string | null,
    em: EntityManager,
    opts: { groupHistory?: boolean } = {},
  ): Promise<number> {
    kinds = kinds.filter((k) => k.ids.length > 0);
    if (kinds.length === 0) return 0;
    // What changes share is sent once per kind (from, to, deadline, reason: a round's publication
    // has two to four), the ids once, grouped by kind, and each id finds its kind by `width_bucket`
    // over the kinds' first positions: a value per change for each column was five arrays of 1.44
    // million elements to parse at a national round (Bind 6.7 -> 2.7 s at load 6). The ids stay one
    // whole array so the planner sees how many there are (a slice per kind, estimated at 10 rows,
    // made it probe the primary key 1.44 million times: no less CPU than the hash, more wall).
    const ids: string[] = [];
    const firsts: number[] = [];
    for (const kind of kinds) {
      firsts.push(ids.length + 1);
      for (const id of kind.ids) ids.push(id);
    }
    const [row]: { moved: number }[] = await em.query(
      `WITH moved AS (
         UPDATE applications a
            SET status = c.to_status, response_deadline = c.response_deadline, updated_at = now()
           -- In id order: the rows are locked in one order whoever updates them, and their new index
           -- entries land near each other (about 15% less CPU than in the callers' order, 130,000 changes).
           FROM (SELECT c.id, ($3::text[])[c.kind] AS from_status, ($4::text[])[c.kind] AS to_status,
                        ($5::timestamptz[])[c.kind] AS response_deadline, ($6::text[])[c.kind] AS reason
                   FROM (SELECT id, width_bucket(n::int, $2::int[]) AS kind
                           FROM unnest($1::uuid[]) WITH ORDINALITY AS c(id, n)) AS c
                  ORDER BY c.id) AS c
          WHERE a.id = c.id AND a.status = c.from_status AND NOT ${closedBySql('a')}
         RETURNING a.id, a.candidate_id, a.opportunity_id, c.from_status, c.to_status,
                   a.response_deadline, c.reason
       ), history AS (${opts.groupHistory ? GROUPED_HISTORY : PER_CHANGE_HISTORY}
       )
       SELECT count(*)::int AS moved FROM moved`,
      [
        // One array literal joined once (pg's own encoding of an array parameter adds up its
        // elements' texts one by one: hundreds of MB of intermediate strings at a national round).
        arrayLiteral(ids, (id) => id),
        firsts,
        kinds.map((k) => k.from),
        kinds.map((k) => k.to),
        kinds.map((k) => k.responseDeadline?.toISOString() ?? null),
        kinds.map((k) => k.reason),
        actorId,
      ],
    );
    return row.moved;
  }

  /**
   * A round's rejections of allocatable applications as **closures** (docs/design/closed-choices.md,
   * src/applications/application-states.ts): one `application_transition_groups` row per run of
   * consecutive closed positions of one candidate and reason, marked `closes`, listing the
   * applications and the statuses they are closed from; the applications' rows are not touched (no
   * row version, no lock, no read of `applications`: a national round closes 1.3 million choices).
   * The caller guarantees what makes this safe without row locks (design section 2.5, invariant L):
   * every change is decided from the status read under the locks of the application's opportunity,
   * held since, and every one goes from SUBMITTED or SHORTLISTED to REJECTED, by the system.
   * One statement: the ids in one array (their bytes in PostgreSQL's binary format) and, per
   * application, one code (its opportunity's index in the round's opportunities, sent once, times 4,
   * plus its from-status's index); per closure its candidate, its run's bounds in the ids and its
   * reason's index. PostgreSQL slices the fixed-width arrays (no aggregate). No object per change:
   * the positions walk the packed applications. Returns how many applications were closed: all of
   * them (nothing here reads the rows to refuse one: that is invariant L's work).
   */
  async closeChoices(
    applications: DecidedApplications,
    closing: ClosedPositions,
    roundId: string | null,
    em: EntityManager,
  ): Promise<number> {
    const { position } = closing;
    if (position.length === 0) return 0;
    const { candidateIds, start } = applications;
    // Per kind used (each REJECTED, from a closable status): its from-status's and reason's indexes.
    const froms: string[] = [];
    const reasons: (string | null)[] = [];
    const fromOf = new Int32Array(closing.kinds.length).fill(-1);
    const reasonOfKind = new Int32Array(closing.kinds.length);
    const indexIn = <T>(list: T[], value: T): number =>
      list.includes(value) ? list.indexOf(value) : list.push(value) - 1;
    const codes = new Int32Array(position.length);
    const candidates: string[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    const reasonOf: number[] = [];
    let c = 0;
    let runCandidate = -1;
    for (let i = 0; i < position.length; i++) {
      const p = position[i];
      if (i > 0 && p <= position[i - 1]) throw new Error('closeChoices: positions not ascending');
      while (start[c + 1] <= p) c++;
      const kind = closing.kind[i];
      if (fromOf[kind] < 0) {
        const { from, to, reason } = closing.kinds[kind];
        if (to !== ApplicationStatus.REJECTED) throw new Error(`closeChoices: position ${p} goes to ${to}`);
        if (!isClosable(from)) throw new Error(`closeChoices: position ${p} is ${from}`);
        fromOf[kind] = indexIn(froms, from);
        reasonOfKind[kind] = indexIn(reasons, reason);
      }
      codes[i] = (applications.code[p] >> 2) * 4 + fromOf[kind];
      const reason = reasonOfKind[kind] + 1;
      const k = candidates.length - 1;
      if (k >= 0 && runCandidate === c && reasonOf[k] === reason) {
        ends[k] = i + 1;
      } else {
        candidates.push(candidateIds[c]);
        starts.push(i + 1);
        ends.push(i + 1);
        reasonOf.push(reason);
        runCandidate = c;
      }
    }
    await em.query(
      `WITH k AS (
         SELECT k.candidate_id, k.s, k.e, ($6::text[])[k.r] AS reason, k.n
           FROM unnest($3::uuid[], $4::int[], $5::int[], $7::int[]) WITH ORDINALITY AS k(candidate_id, s, e, r, n)
       ), closures AS (
         INSERT INTO application_transition_groups
                (candidate_id, application_ids, from_statuses, to_status, actor_id, reason, closes, round_id)
         SELECT k.candidate_id, ($1::uuid[])[k.s:k.e],
                ARRAY(SELECT ($9::text[])[code % 4 + 1] FROM unnest(($2::int[])[k.s:k.e]) AS code),
                'REJECTED', NULL, k.reason, true, $8::uuid
           FROM k ORDER BY k.n
       )
       SELECT 1`,
      [
        // The ids, codes and bounds in PostgreSQL's binary format (no text to write or parse: 1.3
        // million ids and codes at a national round).
        uuidArrayBinary(applications.ids, position),
        int4ArrayBinary(codes),
        arrayLiteral(candidates, (c) => c),
        int4ArrayBinary(starts),
        int4ArrayBinary(ends),
        reasons,
        int4ArrayBinary(reasonOf),
        roundId,
        froms,
      ],
    );
    return position.length;
  }

  /**
   * The opportunities' titles (by index in `opportunityIds`) and their order by title, then id, as
   * the database sorts them (its collation): a round's outcome notices list closed choices so.
   */
  async opportunityTitles(opportunityIds: readonly string[], em: EntityManager): Promise<OpportunityTitles> {
    const rows = await em.query<{ i: number; title: string }[]>(
      `SELECT u.n::int - 1 AS i, o.title
         FROM unnest($1::text[]) WITH ORDINALITY AS u(id, n) JOIN opportunities o ON o.id = u.id::uuid
        ORDER BY o.title, o.id`,
      [textArrayBinary(opportunityIds)],
    );
    // The round's opportunities are locked by the caller's run: each is there.
    if (rows.length !== opportunityIds.length)
      throw new Error('opportunityTitles: an opportunity is missing');
    const titles = new Array<string>(opportunityIds.length).fill('');
    const rank = new Int32Array(opportunityIds.length);
    rows.forEach((r, k) => {
      titles[r.i] = r.title;
      rank[r.i] = k;
    });
    return { titles, rank };
  }

  /**
   * A round's outcome notices (`roundOutcomeNotices`) as notification drafts (columns user_id, type,
   * message, data, for `NotificationsService.recordFrom`): the three columns sent as binary arrays.
   */
  roundOutcomeSource(notices: RoundOutcomeNotices): SqlSource {
    return {
      sql: `SELECT u.user_id::uuid AS user_id, 'ROUND_OUTCOME' AS type, u.message, u.data::jsonb AS data
              FROM unnest($1::text[], $2::text[], $3::text[]) AS u(user_id, message, data)`,
      params: [notices.userIds, notices.messages, notices.data],
    };
  }

  /**
   * A round's `applicationStatusChanged` events at `at`: ONE outbox item per opportunity, a
   * `LiveEventColumns` (src/common/events/live-events.ts), its changes' `columns` as written in Node
   * (`statusEventColumns`), and here what they share once: the hosts' keys, as the access policy
   * keys them; the audience's lead and accepted co-supervisors and host organisation; the
   * opportunity's id; `at`; each change's candidate key made from its candidate by the delivering
   * instance (`APPLICATION_CANDIDATE_MEMBER_KEY`). Each member is delivered as the event (with its
   * audience and keys) it stands for, to the sockets that follow one of its keys. Column `item`, the
   * JSON text, for `NotificationsPublisher.applicationStatusChangedFrom`.
   */
  statusEventsOf(events: StatusEventColumns, at: Date): SqlSource {
    return {
      sql: `SELECT concat('{"keys":', to_json(${applicationHostKeysSql('h.host_user_ids', 'o.host_organisation_id')}),
                          ',"payload":{"audience":{"hostUserIds":', to_json(h.host_user_ids),
                          ',"hostOrganisationId":', to_json(o.host_organisation_id),
                          '},"change":{"opportunityId":', to_json(o.id), ',"at":', r.at,
                          '}},"columns":', g.columns, ',"memberKey":', r.member_key, '}') AS item
              FROM unnest($3::text[], $4::text[]) AS g(opportunity_id, columns)
              JOIN opportunities o ON o.id = g.opportunity_id::uuid
             CROSS JOIN LATERAL (
                   SELECT ARRAY[o.lead_supervisor_id] || ARRAY(
                            SELECT cs.co_supervisor_id FROM co_supervisions cs
                             WHERE cs.opportunity_id = o.id AND cs.status = 'ACCEPTED') AS host_user_ids) AS h
             CROSS JOIN (SELECT ${liveEventDateSql('$1::timestamptz')} AS at, $2::text AS member_key) AS r`,
      params: [
        at,
        JSON.stringify(APPLICATION_CANDIDATE_MEMBER_KEY),
        textArrayBinary(events.opportunityIds),
        events.columns,
      ],
    };
  }

  /**
   * Up to `limit` OFFERED applications whose deadline passed before `now`, earliest first, locked;
   * rows others hold are skipped. The open offers by deadline are `application_open_offers`, kept
   * by triggers (migration 1795990000000: no index of `applications` holds the status or the
   * deadline, so an offer is a HOT update); the status is checked on the row.
   */
  async lockDueOffers(now: Date, limit: number, em: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await em.query(
      `SELECT a.id FROM application_open_offers o
         JOIN applications a ON a.id = o.application_id
        WHERE o.deadline < $2 AND a.status = $1
        ORDER BY o.deadline, o.application_id
        FOR UPDATE OF a SKIP LOCKED
        LIMIT $3`,
      [ApplicationStatus.OFFERED, now, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Those of `ids` that are live applications of the opportunity (by effective status: not closed). */
  async liveIdsOfOpportunity(
    opportunityId: string,
    ids: readonly string[],
    em: EntityManager,
  ): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await em.getRepository(ApplicationStateEntity).find({
      where: { opportunityId, id: In([...ids]), status: In([...LIVE_APPLICATION_STATUSES]) },
      select: { id: true },
    });
    return new Set(rows.map((r) => r.id));
  }

  /** Replaces the opportunity's ranking with `applicationIds` in order (rank 1 first). */
  async replaceRanking(
    opportunityId: string,
    applicationIds: readonly string[],
    em: EntityManager,
  ): Promise<void> {
    const repo = em.getRepository(ApplicantRankingEntity);
    await repo.delete({ opportunityId });
    if (applicationIds.length === 0) return;
    await repo.insert(
      applicationIds.map((applicationId, i) => ({ opportunityId, applicationId, rank: i + 1 })),
    );
  }

  rankingOf(opportunityId: string): Promise<ApplicantRankingEntity[]> {
    return this.rankings.find({ where: { opportunityId }, order: { rank: 'ASC' } });
  }
}
