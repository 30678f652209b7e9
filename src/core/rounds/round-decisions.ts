/**
 * The pure part of applying an allocation run: from the placements (solver and HR) and the round's
 * live applications to the status changes the workflow core decides, set-based. Plain data in and
 * out; the time is a parameter. The rounds feature persists the changes through the applications
 * feature and announces them.
 *
 * - Publication or follow-up: OFFER (actor SYSTEM) for every placement, with the round's response
 *   deadline; REJECT with the round's reason for the placed candidates' other allocatable
 *   applications. A placement without an allocatable application refuses the whole run.
 * - Closing: REJECT with the round's reason for every allocatable application left.
 */
import {
  ApplicationEffect,
  ApplicationEvent,
  transitionApplication,
} from '../applications/application-workflow';
import { ApplicationStatus } from '../domain/enums';
import { DomainError } from '../result';

/** Statuses an allocation run may still move: not yet offered, not ended. */
export const ALLOCATABLE_STATUSES: readonly ApplicationStatus[] = [
  ApplicationStatus.SUBMITTED,
  ApplicationStatus.SHORTLISTED,
];

/** A live application of a round's opportunity, as a row (closing reads them so; `packApplications`). */
export interface RoundApplication {
  id: string;
  candidateId: string;
  opportunityId: string;
  status: ApplicationStatus;
}

/**
 * A round's live applications column-wise, as a run read them (no object per application: a
 * national round reads 3 million). Position p is an application; candidate i's applications are
 * positions `start[i]` to `start[i + 1] - 1`.
 */
export interface PackedApplications {
  candidateIds: readonly string[];
  opportunityIds: readonly string[];
  /** Per candidate, their first position; one more at the end (the number of applications). */
  start: Int32Array;
  /** Per position: its opportunity's index in `opportunityIds` * 4 + its status's index in `statuses`. */
  code: Int32Array;
  /** The statuses the codes name (at most 4). */
  statuses: readonly ApplicationStatus[];
}

/** What the workflow core decided for every change of one kind (one event from one status). */
export interface DecidedKind {
  event: Extract<ApplicationEvent, 'OFFER' | 'REJECT'>;
  from: ApplicationStatus;
  to: ApplicationStatus;
  responseDeadline: Date | null;
  reason: string | null;
  effects: readonly ApplicationEffect[];
}

/**
 * A run's decided changes as positions of its `PackedApplications` (ascending: candidate by
 * candidate), each with its kind: the system is the actor.
 */
export interface PackedDecisions {
  position: Int32Array;
  /** Per change, its kind's index in `kinds`. */
  kind: Uint8Array;
  kinds: readonly DecidedKind[];
  /** How many changes are offers (the others are rejections). */
  offers: number;
}

export type RoundDecisionErrorCode = 'NO_LIVE_APPLICATION' | 'REFUSED_BY_WORKFLOW';

export type RoundDecision =
  { ok: true; decided: PackedDecisions } | { ok: false; error: DomainError<RoundDecisionErrorCode> };

/** Why the unplaced choices of a round end (the history and the candidate read it). */
export function notMatchedReason(round: { name: string }): string {
  return `not matched in round ${round.name}`;
}

export function isAllocatable(status: ApplicationStatus): boolean {
  return ALLOCATABLE_STATUSES.includes(status);
}

/**
 * Rows as `PackedApplications`: each candidate once, in the order they first appear, their rows in
 * their order. `order[p]` is the index in `rows` of the application at position p.
 */
export function packApplications(rows: readonly RoundApplication[]): {
  packed: PackedApplications;
  order: Int32Array;
} {
  const candidateIndex = new Map<string, number>();
  const candidateIds: string[] = [];
  const rowsOf: number[][] = [];
  const opportunityIds: string[] = [];
  const opportunityIndex = new Map<string, number>();
  const statuses: ApplicationStatus[] = [];
  const codeOf = new Int32Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    let c = candidateIndex.get(row.candidateId);
    if (c === undefined) {
      c = candidateIds.push(row.candidateId) - 1;
      candidateIndex.set(row.candidateId, c);
      rowsOf.push([]);
    }
    rowsOf[c].push(r);
    let o = opportunityIndex.get(row.opportunityId);
    if (o === undefined) {
      o = opportunityIds.push(row.opportunityId) - 1;
      opportunityIndex.set(row.opportunityId, o);
    }
    let s = statuses.indexOf(row.status);
    if (s < 0) {
      if (statuses.length === 4) throw new Error(`packApplications: a fifth status (${row.status})`);
      s = statuses.push(row.status) - 1;
    }
    codeOf[r] = o * 4 + s;
  }
  const start = new Int32Array(candidateIds.length + 1);
  const order = new Int32Array(rows.length);
  const code = new Int32Array(rows.length);
  let p = 0;
  for (let c = 0; c < candidateIds.length; c++) {
    start[c] = p;
    for (const r of rowsOf[c]) {
      order[p] = r;
      code[p++] = codeOf[r];
    }
  }
  start[candidateIds.length] = p;
  return { packed: { candidateIds, opportunityIds, start, code, statuses }, order };
}

/**
 * The kinds of one run's changes, each decided by the workflow core once per event and from-status
 * (at one time, with one deadline and reason per event, the outcome depends on nothing else): its
 * index in `kinds`, or the workflow's refusal.
 */
class Kinds {
  readonly kinds: DecidedKind[] = [];
  private readonly index = new Map<string, number | DomainError<RoundDecisionErrorCode>>();

  constructor(private readonly now: Date) {}

  of(
    event: 'OFFER' | 'REJECT',
    from: ApplicationStatus,
    responseDeadline: Date | null,
    reason: string | null,
  ): number | DomainError<RoundDecisionErrorCode> {
    const key = `${event} ${from}`;
    let kind = this.index.get(key);
    if (kind === undefined) {
      const decision = transitionApplication(from, event, {
        actor: 'SYSTEM',
        now: this.now,
        responseDeadline,
        reason,
      });
      kind = decision.ok
        ? this.kinds.push({
            event,
            from,
            to: decision.next,
            responseDeadline,
            reason,
            effects: decision.effects,
          }) - 1
        : { code: 'REFUSED_BY_WORKFLOW', message: decision.error.message };
      this.index.set(key, kind);
    }
    return kind;
  }
}

/**
 * A publication's or follow-up's changes: an offer per placement (candidate id → opportunity id) of
 * the candidate's allocatable application on that opportunity, a rejection with `rejectReason` for
 * each of the placed candidates' other allocatable applications; a placement without such an
 * application refuses the whole run. One pass over the placed candidates' positions, no object per
 * application: the placement is looked up once per candidate, as an opportunity index.
 */
export function decidePlacements(
  placements: ReadonlyMap<string, string>,
  applications: PackedApplications,
  ctx: { now: Date; responseDeadline: Date; rejectReason: string },
): RoundDecision {
  const { candidateIds, start, code, statuses } = applications;
  const opportunityIndex = new Map<string, number>();
  applications.opportunityIds.forEach((id, i) => opportunityIndex.set(id, i));
  const allocatable = statuses.map(isAllocatable);
  const kinds = new Kinds(ctx.now);
  // A kind per status, each event's decided on first use (-1: not yet).
  const offerKind = statuses.map(() => -1);
  const rejectKind = statuses.map(() => -1);
  const kindOf = (event: 'OFFER' | 'REJECT', s: number): number | DomainError<RoundDecisionErrorCode> => {
    const cache = event === 'OFFER' ? offerKind : rejectKind;
    if (cache[s] >= 0) return cache[s];
    const kind =
      event === 'OFFER'
        ? kinds.of(event, statuses[s], ctx.responseDeadline, null)
        : kinds.of(event, statuses[s], null, ctx.rejectReason);
    if (typeof kind === 'number') cache[s] = kind;
    return kind;
  };
  const position = new Int32Array(code.length);
  const kind = new Uint8Array(code.length);
  let n = 0;
  let offers = 0;
  const noApplication = (candidateId: string, opportunityId: string): RoundDecision => ({
    ok: false,
    error: {
      code: 'NO_LIVE_APPLICATION',
      message: `no live application of ${candidateId} for ${opportunityId}`,
    },
  });
  let placed = 0;
  for (let i = 0; i < candidateIds.length; i++) {
    const placement = placements.get(candidateIds[i]);
    if (placement === undefined) continue;
    placed++;
    const target = opportunityIndex.get(placement) ?? -1;
    // The last one, should a candidate have two on one opportunity (one live application per
    // candidate and opportunity is the applications' rule, not this one's).
    let offered = -1;
    for (let p = start[i + 1] - 1; p >= start[i]; p--) {
      if (allocatable[code[p] & 3] && code[p] >> 2 === target) {
        offered = p;
        break;
      }
    }
    if (offered < 0) return noApplication(candidateIds[i], placement);
    for (let p = start[i]; p < start[i + 1]; p++) {
      const s = code[p] & 3;
      if (!allocatable[s]) continue;
      const k = kindOf(p === offered ? 'OFFER' : 'REJECT', s);
      if (typeof k !== 'number') return { ok: false, error: k };
      position[n] = p;
      kind[n++] = k;
      if (p === offered) offers++;
    }
  }
  if (placed !== placements.size) {
    // A placement of a candidate who has no live application of the round at all.
    const known = new Set(candidateIds);
    for (const [candidateId, opportunityId] of placements) {
      if (!known.has(candidateId)) return noApplication(candidateId, opportunityId);
    }
  }
  return {
    ok: true,
    decided: { position: position.slice(0, n), kind: kind.slice(0, n), kinds: kinds.kinds, offers },
  };
}

/**
 * Closing a round: a rejection with `reason` for every allocatable application left (others are
 * skipped, as are any the workflow refuses).
 */
export function decideClosing(
  applications: PackedApplications,
  ctx: { now: Date; reason: string },
): PackedDecisions {
  const { code, statuses } = applications;
  const kinds = new Kinds(ctx.now);
  const kindOf = statuses.map((s) => (isAllocatable(s) ? kinds.of('REJECT', s, null, ctx.reason) : -1));
  const position = new Int32Array(code.length);
  const kind = new Uint8Array(code.length);
  let n = 0;
  for (let p = 0; p < code.length; p++) {
    const k = kindOf[code[p] & 3];
    if (typeof k !== 'number' || k < 0) continue;
    position[n] = p;
    kind[n++] = k;
  }
  return { position: position.slice(0, n), kind: kind.slice(0, n), kinds: kinds.kinds, offers: 0 };
}

/** Opportunity id → offers a run's placements make there. */
export function offersPerOpportunity(placements: ReadonlyMap<string, string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const opportunityId of placements.values()) {
    counts.set(opportunityId, (counts.get(opportunityId) ?? 0) + 1);
  }
  return counts;
}
