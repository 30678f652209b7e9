import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  notificationParams,
  notificationText,
  notificationType,
} from '../applications/application-notifications';
import { ApplicationTransitions } from '../applications/application-transitions';
import { PlacementContext } from '../applications/placement-context';
import { placementsOf, RoundRunInput } from '../core/rounds/round-allocation';
import {
  decideClosing,
  decidePlacements,
  isAllocatable,
  notMatchedReason,
  offersPerOpportunity,
  RoundApplication,
  RoundDecidedChange,
} from '../core/rounds/round-decisions';
import {
  ApplicationStatusChangedEvent,
  NotificationsPublisher,
} from '../notifications/notifications.publisher';
import { NotificationDraft, NotificationsService } from '../notifications/notifications.service';
import { OpportunityEntity } from '../opportunities/entities/opportunity.entity';
import { AllocationRoundEntity, RoundRunEntity } from './entities/round.entity';
import { RunRefusedError } from './rounds.errors';
import { RoundsRepository } from './rounds.repository';

const HOUR = 3600_000;

/** Notifications and live application status events, written in the use case's transaction. */
export interface Announcement {
  drafts: NotificationDraft[];
  events: ApplicationStatusChangedEvent[];
}

/**
 * A round's status changes of applications, in the caller's transaction: a run's placements
 * (offers, and rejections of the placed candidates' other choices) and closing's rejections. The
 * changes are decided by the core (`src/core/rounds/round-decisions.ts`) and persisted through the
 * applications feature; the notifications and live status events are returned to be announced.
 */
@Injectable()
export class RoundPlacements {
  private readonly logger = new Logger(RoundPlacements.name);

  constructor(
    private readonly repo: RoundsRepository,
    private readonly context: PlacementContext,
    private readonly notifications: NotificationsService,
    private readonly applicationEvents: NotificationsPublisher,
    private readonly transitions: ApplicationTransitions,
  ) {}

  /** Offers for the placements, rejections for the placed candidates' other applications of the round. */
  async applyRun(
    round: AllocationRoundEntity,
    run: RoundRunEntity,
    input: RoundRunInput,
    assignment: Readonly<Record<string, string | null>>,
    applications: RoundApplication[],
    opportunities: OpportunityEntity[],
    now: Date,
    em: EntityManager,
  ): Promise<Announcement> {
    const placements = placementsOf(input, assignment);
    const responseDeadline = new Date(now.getTime() + round.responseWindowHours * HOUR);
    const decided = decidePlacements(placements, applications, {
      now,
      responseDeadline,
      rejectReason: notMatchedReason(round),
    });
    if (!decided.ok) throw new RunRefusedError(decided.error.message);
    const changes = [...decided.offers, ...decided.rejections];
    const titles = new Map(opportunities.map((o) => [o.id, o.title]));
    const drafts: NotificationDraft[] = changes.map((c) =>
      this.draft(c.event === 'OFFER' ? 'application.offered' : 'application.rejected', c, titles),
    );
    const moved = await this.transitions.recordDecided(em, changes);
    if (moved !== changes.length) {
      throw new RunRefusedError('applications changed while the run was applied; run it again');
    }
    // Hosts hear how many offers went out for each of their opportunities.
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
      `run ${run.id} of round ${round.id}: ${decided.offers.length} offer(s), ${decided.rejections.length} rejection(s)`,
    );
    return { drafts, events: await this.statusEvents(changes, opportunities, now, em) };
  }

  /** Rejects the allocatable applications left on the round's opportunities (the round closes). */
  async rejectRemaining(round: AllocationRoundEntity, em: EntityManager): Promise<Announcement> {
    const opportunityIds = (await this.repo.findRoundOpportunities([round.id], em)).map(
      (r) => r.opportunityId,
    );
    const opportunities = await this.context.lockOpportunities(opportunityIds, em);
    const choosers = new Set((await this.repo.choicesOfRound(round.id, em)).map((c) => c.candidateId));
    const applications = (await this.context.liveApplications(opportunityIds, [...choosers], em)).filter(
      (a) => isAllocatable(a.status),
    );
    const now = new Date();
    const changes = decideClosing(applications, { now, reason: notMatchedReason(round) });
    const titles = new Map(opportunities.map((o) => [o.id, o.title]));
    const drafts = changes.map((c) => this.draft('application.rejected', c, titles));
    await this.transitions.recordDecided(em, changes);
    return { drafts, events: await this.statusEvents(changes, opportunities, now, em) };
  }

  /**
   * In the use case's transaction: the notifications (one statement) and the live pushes (staged in
   * the outbox as batches: notifications keyed per recipient, sent after commit).
   */
  async announce(em: EntityManager, announcement: Announcement): Promise<void> {
    await this.notifications.record(em, announcement.drafts);
    await this.applicationEvents.applicationStatusChanged(em, announcement.events);
  }

  /** The live status events of persisted changes, addressed like the applications feature's. */
  private async statusEvents(
    changes: readonly RoundDecidedChange[],
    opportunities: readonly OpportunityEntity[],
    at: Date,
    em: EntityManager,
  ): Promise<ApplicationStatusChangedEvent[]> {
    const opportunityById = new Map(opportunities.map((o) => [o.id, o]));
    const coSupervisors = await this.context.acceptedCoSupervisors(
      opportunities.map((o) => o.id),
      em,
    );
    return changes.flatMap((change) => {
      const opportunity = opportunityById.get(change.opportunityId);
      if (!opportunity) return [];
      return [
        {
          audience: {
            candidateId: change.candidateId,
            hostUserIds: [opportunity.leadSupervisorId, ...(coSupervisors.get(opportunity.id) ?? [])],
            hostOrganisationId: opportunity.hostOrganisationId,
          },
          change: {
            applicationId: change.applicationId,
            opportunityId: change.opportunityId,
            from: change.from,
            to: change.to,
            at,
          },
        },
      ];
    });
  }

  private draft(
    template: string,
    change: RoundDecidedChange,
    titles: ReadonlyMap<string, string>,
  ): NotificationDraft {
    const facts = {
      opportunityTitle: titles.get(change.opportunityId) ?? '',
      reason: change.reason,
      responseDeadline: change.responseDeadline,
    };
    return {
      userId: change.candidateId,
      type: notificationType(template),
      message: notificationText(template, facts),
      params: notificationParams(facts),
      applicationId: change.applicationId,
      opportunityId: change.opportunityId,
    };
  }
}
