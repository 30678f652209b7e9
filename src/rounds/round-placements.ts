import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  ApplicationTransitions,
  DecidedApplications,
  HeldStatusEvents,
} from '../applications/application-transitions';
import { uuidBytes } from '../common/database/uuid-bytes';
import { Outbox } from '../common/events/outbox';
import { PlacementContext, RoundOpportunityRow } from '../applications/placement-context';
import { placementsOf, RoundRunInput } from '../core/rounds/round-allocation';
import {
  decideClosing,
  decidePlacements,
  isAllocatable,
  notMatchedReason,
  offersPerOpportunity,
  packApplications,
} from '../core/rounds/round-decisions';
import { NotificationJobs } from '../notifications/notification-jobs';
import { NotificationDraft } from '../notifications/notifications.service';
import { AllocationRoundEntity, RoundRunEntity } from './entities/round.entity';
import { RunRefusedError } from './rounds.errors';
import { RoundsRepository } from './rounds.repository';

const HOUR = 3600_000;

/**
 * The round's own notices (not about one application: how many offers went out, not matched),
 * written in the use case's transaction like the applications' own.
 */
export interface Announcement {
  drafts: NotificationDraft[];
  /** A publication's unmatched candidates, told they stay on the waiting list (ROUND_NOT_MATCHED). */
  notMatched?: { round: string; candidateIds: readonly string[] } | null;
}

/**
 * A round's status changes of applications, in the caller's transaction: a run's placements
 * (offers, and rejections of the placed candidates' other choices) and closing's rejections. The
 * changes are decided by the core (`src/core/rounds/round-decisions.ts`) and persisted through the
 * applications feature, which announces them from the core's effects (notifications and
 * `applicationStatusChanged`, after commit) as it does every status change. The round's own notices
 * are returned to be announced.
 */
@Injectable()
export class RoundPlacements {
  private readonly logger = new Logger(RoundPlacements.name);

  constructor(
    private readonly repo: RoundsRepository,
    private readonly context: PlacementContext,
    private readonly noticeJobs: NotificationJobs,
    private readonly transitions: ApplicationTransitions,
    private readonly outbox: Outbox,
  ) {}

  /**
   * Offers for the placements, rejections for the placed candidates' other applications of the round.
   * With `statusEvents`, the changes' `applicationStatusChanged` events are not written in `em`'s
   * transaction: their writer is handed to it once their text is written, to write them in another
   * transaction, held for the run (nobody is told until the run's transaction releases them,
   * `releaseEvents`, and commits; a run that fails drops them, `dropEvents`). The outcome notices
   * are queued in `em`'s transaction (`NotificationJobs`), written after it commits.
   */
  async applyRun(
    round: AllocationRoundEntity,
    run: RoundRunEntity,
    input: Pick<RoundRunInput, 'preAssigned'>,
    assignment: Readonly<Record<string, string | null>>,
    applications: DecidedApplications,
    opportunities: readonly Pick<RoundOpportunityRow, 'id' | 'title' | 'leadSupervisorId'>[],
    now: Date,
    em: EntityManager,
    statusEvents?: (write: HeldStatusEvents) => void,
  ): Promise<Announcement> {
    const placements = placementsOf(input, assignment);
    const responseDeadline = new Date(now.getTime() + round.responseWindowHours * HOUR);
    const decided = decidePlacements(placements, applications, {
      now,
      responseDeadline,
      rejectReason: notMatchedReason(round),
    });
    if (!decided.ok) throw new RunRefusedError(decided.error.message);
    const { offers, position } = decided.decided;
    const moved = await this.transitions.recordDecided(em, applications, decided.decided, {
      round: round.name,
      roundId: round.id,
      now,
      statusEvents,
      queueNotices: true,
    });
    if (moved !== position.length) {
      throw new RunRefusedError('applications changed while the run was applied; run it again');
    }
    // Hosts hear how many offers went out for each of their opportunities.
    const drafts: NotificationDraft[] = [];
    const offersPer = offersPerOpportunity(placements);
    for (const o of opportunities) {
      const count = offersPer.get(o.id);
      if (!count) continue;
      drafts.push({
        userId: o.leadSupervisorId,
        type: 'ROUND_OFFERS_SENT',
        message: `Round "${round.name}": ${count} offer(s) went out for "${o.title}".`,
        params: { round: round.name, count, title: o.title },
        opportunityId: o.id,
      });
    }
    this.logger.log(
      `run ${run.id} of round ${round.id}: ${offers} offer(s), ${position.length - offers} rejection(s)`,
    );
    return { drafts };
  }

  /** In the run's transaction: its held status events are published once it commits. */
  releaseEvents(em: EntityManager, runId: string): Promise<number> {
    return this.outbox.release(em, runId);
  }

  /** Deletes the status events held for these runs (failed, abandoned, or being run again). */
  dropEvents(em: EntityManager, runIds: readonly string[]): Promise<number> {
    return this.outbox.dropHeld(em, runIds);
  }

  /** Rejects the allocatable applications left on the round's opportunities (the round closes). */
  async rejectRemaining(round: AllocationRoundEntity, em: EntityManager): Promise<void> {
    const opportunityIds = await this.repo.roundOpportunityIds(round.id, em);
    await this.context.lockOpportunityIds(opportunityIds, em);
    const choosers = new Set((await this.repo.choicesOfRound(round.id, em)).map((c) => c.candidateId));
    const rows = (await this.context.liveApplications(opportunityIds, [...choosers], em)).filter((a) =>
      isAllocatable(a.status),
    );
    const { packed, order } = packApplications(rows);
    const ids = uuidBytes(Array.from(order, (r) => rows[r].id));
    const now = new Date();
    const decided = decideClosing(packed, { now, reason: notMatchedReason(round) });
    await this.transitions.recordDecided(em, { ...packed, ids }, decided, {
      round: round.name,
      roundId: round.id,
      now,
    });
  }

  /**
   * In the run's transaction: the round's own notices queued (`NotificationJobs`: written with
   * their live pushes after the run commits), the hosts' one job, the unmatched candidates' another
   * (one text for all of them).
   */
  async announce(em: EntityManager, announcement: Announcement): Promise<void> {
    await this.noticeJobs.queueDrafts(em, announcement.drafts);
    const { notMatched } = announcement;
    if (notMatched) {
      await this.noticeJobs.queueShared(
        em,
        {
          type: 'ROUND_NOT_MATCHED',
          message: `You were not matched in round "${notMatched.round}". Your remaining choices stay on the waiting list for a follow-up.`,
          params: { round: notMatched.round },
        },
        notMatched.candidateIds,
      );
    }
  }
}
