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

/** A live application of a round's opportunity, as a run reads it. */
export interface RoundApplication {
  id: string;
  candidateId: string;
  opportunityId: string;
  status: ApplicationStatus;
}

/** A change the workflow core decided for a run: the system is the actor. */
export interface RoundDecidedChange {
  applicationId: string;
  candidateId: string;
  opportunityId: string;
  event: Extract<ApplicationEvent, 'OFFER' | 'REJECT'>;
  from: ApplicationStatus;
  to: ApplicationStatus;
  responseDeadline: Date | null;
  reason: string | null;
  effects: readonly ApplicationEffect[];
}

export type RoundDecisionErrorCode = 'NO_LIVE_APPLICATION' | 'REFUSED_BY_WORKFLOW';

export type RoundDecision =
  | { ok: true; offers: RoundDecidedChange[]; rejections: RoundDecidedChange[] }
  | { ok: false; error: DomainError<RoundDecisionErrorCode> };

/** Why the unplaced choices of a round end (the history and the candidate read it). */
export function notMatchedReason(round: { name: string }): string {
  return `not matched in round ${round.name}`;
}

export function isAllocatable(status: ApplicationStatus): boolean {
  return ALLOCATABLE_STATUSES.includes(status);
}

/** What the workflow core decides for an event from a status, the rest of the change aside. */
type Decided = Pick<RoundDecidedChange, 'to' | 'effects'> | DomainError<RoundDecisionErrorCode>;

/**
 * The workflow core's decisions for one event at one time, deadline and reason: they depend on the
 * application's status only, so each status is decided once and its outcome (and effects list)
 * shared by every change from that status (a national round rejects over a million applications).
 */
function decider(
  event: 'OFFER' | 'REJECT',
  now: Date,
  responseDeadline: Date | null,
  reason: string | null,
): (application: RoundApplication) => RoundDecidedChange | DomainError<RoundDecisionErrorCode> {
  const byStatus = new Map<ApplicationStatus, Decided>();
  return (application) => {
    let decided = byStatus.get(application.status);
    if (decided === undefined) {
      const decision = transitionApplication(application.status, event, {
        actor: 'SYSTEM',
        now,
        responseDeadline,
        reason,
      });
      decided = decision.ok
        ? { to: decision.next, effects: decision.effects }
        : { code: 'REFUSED_BY_WORKFLOW', message: decision.error.message };
      byStatus.set(application.status, decided);
    }
    if ('code' in decided) return decided;
    return {
      applicationId: application.id,
      candidateId: application.candidateId,
      opportunityId: application.opportunityId,
      event,
      from: application.status,
      to: decided.to,
      responseDeadline,
      reason,
      effects: decided.effects,
    };
  };
}

function isError(
  value: RoundDecidedChange | DomainError<RoundDecisionErrorCode>,
): value is DomainError<RoundDecisionErrorCode> {
  return !('applicationId' in value);
}

/**
 * A publication's or follow-up's changes: an offer per placement (candidate id → opportunity id), a
 * rejection with `rejectReason` for each other allocatable application of a placed candidate.
 * Application ids are unique (primary keys). Two passes over the applications and no key per
 * application (a national round reads 3 million): a candidate's placement is looked up once per run
 * of their applications (the loader hands them candidate by candidate), and the offered application
 * is told apart by identity, not by a set of ids.
 */
export function decidePlacements(
  placements: ReadonlyMap<string, string>,
  applications: readonly RoundApplication[],
  ctx: { now: Date; responseDeadline: Date; rejectReason: string },
): RoundDecision {
  // Per placed candidate, the allocatable application on the opportunity they are placed on.
  const placedOn = new Map<string, RoundApplication>();
  let candidateId: string | undefined;
  let placement: string | undefined;
  for (const application of applications) {
    if (!isAllocatable(application.status)) continue;
    if (application.candidateId !== candidateId) {
      candidateId = application.candidateId;
      placement = placements.get(candidateId);
    }
    if (placement === application.opportunityId) placedOn.set(candidateId, application);
  }
  const offer = decider('OFFER', ctx.now, ctx.responseDeadline, null);
  const offers: RoundDecidedChange[] = [];
  for (const [candidateId, opportunityId] of placements) {
    const application = placedOn.get(candidateId);
    if (!application) {
      return {
        ok: false,
        error: {
          code: 'NO_LIVE_APPLICATION',
          message: `no live application of ${candidateId} for ${opportunityId}`,
        },
      };
    }
    const change = offer(application);
    if (isError(change)) return { ok: false, error: change };
    offers.push(change);
  }
  const reject = decider('REJECT', ctx.now, null, ctx.rejectReason);
  const rejections: RoundDecidedChange[] = [];
  candidateId = undefined;
  let offered: RoundApplication | undefined;
  for (const application of applications) {
    if (!isAllocatable(application.status)) continue;
    if (application.candidateId !== candidateId) {
      candidateId = application.candidateId;
      // Every placed candidate has their offered application here (else refused above).
      offered = placedOn.get(candidateId);
    }
    if (offered === undefined || offered === application) continue;
    const change = reject(application);
    if (isError(change)) return { ok: false, error: change };
    rejections.push(change);
  }
  return { ok: true, offers, rejections };
}

/** Closing a round: a rejection with `reason` for every allocatable application left (others are skipped). */
export function decideClosing(
  applications: readonly RoundApplication[],
  ctx: { now: Date; reason: string },
): RoundDecidedChange[] {
  const reject = decider('REJECT', ctx.now, null, ctx.reason);
  const changes: RoundDecidedChange[] = [];
  for (const application of applications) {
    if (!isAllocatable(application.status)) continue;
    const change = reject(application);
    if (!isError(change)) changes.push(change);
  }
  return changes;
}

/** Opportunity id → offers a run's placements make there. */
export function offersPerOpportunity(placements: ReadonlyMap<string, string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const opportunityId of placements.values()) {
    counts.set(opportunityId, (counts.get(opportunityId) ?? 0) + 1);
  }
  return counts;
}
