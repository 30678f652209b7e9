import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { notificationText, notificationType } from '../applications/application-notifications';
import { TransactionRunner, TransactionTimeouts } from '../common/database/transaction';
import { Env } from '../config/env.schema';
import { transitionApplication } from '../core/applications/application-workflow';
import { ApplicationStatus, ProficiencyLevel } from '../core/domain/enums';
import { fitCandidateOf, fitOpportunityOf, fitWeightsOf } from '../core/fit/fit-inputs';
import { computeFit, FitCandidate, FitWeights } from '../core/fit/fit-score';
import { parseInstance, solve, verify } from '../core/matching';
import {
  ApplicationStatusChangedEvent,
  NotificationsPublisher,
} from '../notifications/notifications.publisher';
import { NotificationDraft, NotificationsService } from '../notifications/notifications.service';
import { OpportunityEntity } from '../opportunities/entities/opportunity.entity';
import { ProfilesService } from '../profiles/profiles.service';
import { RolesService } from '../roles/roles.service';
import {
  AllocationRoundEntity,
  RoundAlgorithm,
  RoundOptimal,
  RoundOverrideKind,
  RoundRunEntity,
  RoundRunKind,
  RoundRunScope,
  RoundRunStatus,
  RoundStatus,
} from './entities/round.entity';
import { RoundEventsPublisher } from './round-events.publisher';
import {
  AllocationData,
  buildRunInput,
  canonicalJson,
  FitEntry,
  pairKey,
  placementsOf,
  runStats,
} from './round-allocation';
import {
  ALLOCATABLE_STATUSES,
  ApplicationChange,
  RoundApplicationRow,
  RoundContextRepository,
} from './round-context.repository';
import { abandonedRunReason, runFailureReason, RunRefusedError } from './rounds.errors';
import { RoundsRepository } from './rounds.repository';

/** A RUNNING run older than this is taken to be abandoned (its instance died) and is claimed again. */
export const STALE_RUN_MS = 10 * 60_000;
const DEFAULT_SUPERVISION_CAPACITY = 4;
const HOUR = 3600_000;
/** Notifications stored per statement (a large round notifies hundreds of thousands). */
const DELIVERY_BATCH = 500;
/** Candidates whose effective levels are read per query. */
const LEVELS_BATCH = 5_000;

/** What to announce after a run's transaction committed. */
interface RunAnnouncement extends Announcement {
  run: RoundRunEntity;
  round: AllocationRoundEntity;
}

/**
 * Where a run's time went (ms of wall clock): reading the round's data, solving (assembling the
 * instance, parsing, solving, verifying, statistics), and persisting (applying the placements,
 * storing the run, commit, notifications and live events after commit). Logged for every run.
 */
export interface RunPhases {
  loadMs: number;
  solveMs: number;
  persistMs: number;
  /** Finer steps, in the order they ran. */
  steps: Record<string, number>;
}

/** Records the time since the previous mark under a step name. */
class PhaseClock {
  readonly steps: Record<string, number> = {};
  private last = performance.now();

  mark(step: string): void {
    const now = performance.now();
    this.steps[step] = (this.steps[step] ?? 0) + (now - this.last);
    this.last = now;
  }

  sum(...steps: string[]): number {
    return steps.reduce((total, step) => total + (this.steps[step] ?? 0), 0);
  }
}

const LOAD_STEPS = ['lock', 'gather'];
const SOLVE_STEPS = ['assemble', 'parse', 'solve', 'verify', 'stats'];
const PERSIST_STEPS = ['apply', 'hash', 'store', 'commit', 'announce', 'publish'];

/** Notifications and live application status events, sent after commit. */
export interface Announcement {
  drafts: NotificationDraft[];
  events: ApplicationStatusChangedEvent[];
}

function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(keyOf(row));
    if (group) group.push(row);
    else groups.set(keyOf(row), [row]);
  }
  return groups;
}

export function notMatchedReason(round: Pick<AllocationRoundEntity, 'name'>): string {
  return `not matched in round ${round.name}`;
}

/**
 * Processes allocation runs: builds the instance from the round's data, solves it with the matching
 * core, verifies the result independently and stores it. A publication or follow-up also applies it,
 * in the same transaction as the solving (round and opportunity rows locked): matched applications
 * become OFFERED (response deadline = now + the round's window), the other live applications of
 * matched candidates in the round REJECTED; everyone concerned is notified after commit.
 */
@Injectable()
export class RoundRunsService {
  private readonly logger = new Logger(RoundRunsService.name);
  private readonly fitWeights: FitWeights;
  private readonly maxAttempts: number;
  /** Of the transaction that solves and applies a run (round and opportunity rows locked). */
  private readonly timeouts: TransactionTimeouts;

  constructor(
    config: ConfigService<Env, true>,
    private readonly repo: RoundsRepository,
    private readonly context: RoundContextRepository,
    private readonly tx: TransactionRunner,
    private readonly profiles: ProfilesService,
    private readonly notifications: NotificationsService,
    private readonly events: RoundEventsPublisher,
    private readonly applicationEvents: NotificationsPublisher,
    private readonly roles: RolesService,
  ) {
    this.fitWeights = fitWeightsOf((key) => config.get(key, { infer: true }));
    this.maxAttempts = config.get('ROUND_RUN_MAX_ATTEMPTS', { infer: true });
    this.timeouts = {
      lockTimeoutMs: config.get('ROUND_RUN_LOCK_TIMEOUT_MS', { infer: true }),
      statementTimeoutMs: config.get('ROUND_RUN_STATEMENT_TIMEOUT_MS', { infer: true }),
    };
  }

  /**
   * Claims one queued run (SKIP LOCKED) and marks it RUNNING; null when there is none. Abandoned runs
   * out of attempts are failed on the way (and announced).
   */
  async claim(now: Date = new Date()): Promise<RoundRunEntity | null> {
    const staleBefore = new Date(now.getTime() - STALE_RUN_MS);
    const { run, abandoned } = await this.tx.run((em) =>
      this.repo.claimNextRun(staleBefore, this.maxAttempts, abandonedRunReason(this.maxAttempts), em),
    );
    for (const failed of abandoned) await this.publish(failed);
    if (run) await this.publish(run);
    return run;
  }

  /** Solves (and, for a publication or follow-up, applies) a claimed run; FAILED with the error otherwise. */
  async process(claimed: RoundRunEntity): Promise<RoundRunEntity> {
    return (await this.processTimed(claimed)).run;
  }

  /** `process`, with where the time went (the benchmark prints it). */
  async processTimed(claimed: RoundRunEntity): Promise<{ run: RoundRunEntity; phases: RunPhases }> {
    const clock = new PhaseClock();
    const run = await this.processClocked(claimed, clock);
    const phases: RunPhases = {
      loadMs: clock.sum(...LOAD_STEPS),
      solveMs: clock.sum(...SOLVE_STEPS),
      persistMs: clock.sum(...PERSIST_STEPS),
      steps: clock.steps,
    };
    this.logger.log(
      { runId: run.id, status: run.status, phases },
      `run ${run.id}: load ${Math.round(phases.loadMs)} ms, solve ${Math.round(phases.solveMs)} ms, persist ${Math.round(phases.persistMs)} ms`,
    );
    return { run, phases };
  }

  private async processClocked(claimed: RoundRunEntity, clock: PhaseClock): Promise<RoundRunEntity> {
    let announcement: RunAnnouncement | null;
    try {
      announcement = await this.tx.run((em) => this.solveAndApply(claimed.id, em, clock), this.timeouts);
      clock.mark('commit');
    } catch (err) {
      const message = runFailureReason(err, this.timeouts);
      if (!(err instanceof RunRefusedError)) this.logger.error({ err }, `round run ${claimed.id} failed`);
      const failed = await this.tx.run(async (em) => {
        const locked = await this.repo.lockRunningRun(claimed.id, em);
        if (!locked) return null;
        return this.repo.finishRun(
          locked,
          {
            status: RoundRunStatus.FAILED,
            algorithm: null,
            algorithmVersion: null,
            inputHash: null,
            input: null,
            assignment: null,
            stats: null,
            stable: null,
            violations: null,
            error: message,
            finishedAt: new Date(),
          },
          em,
        );
      });
      if (failed) await this.publish(failed);
      return failed ?? claimed;
    }
    if (!announcement) return (await this.repo.findRun(claimed.id)) ?? claimed;
    await this.announce(announcement);
    clock.mark('announce');
    await this.publish(announcement.run);
    clock.mark('publish');
    return announcement.run;
  }

  private async solveAndApply(
    runId: string,
    em: EntityManager,
    clock: PhaseClock,
  ): Promise<RunAnnouncement | null> {
    const run = await this.repo.lockRunningRun(runId, em);
    if (!run) return null; // finished elsewhere
    // The round row lock serialises the runs that change applications of one round.
    const round = await this.repo.findRound(run.roundId, em, 'pessimistic_write');
    if (!round) throw new RunRefusedError('the round no longer exists');
    const applying = run.kind !== RoundRunKind.DRY_RUN;
    if (run.kind === RoundRunKind.PUBLISH && round.status !== RoundStatus.OPEN) {
      throw new RunRefusedError(`the round is ${round.status}: it can be published once`);
    }
    if (run.kind === RoundRunKind.FOLLOW_UP && round.status !== RoundStatus.PUBLISHED) {
      throw new RunRefusedError(
        `the round is ${round.status}: follow-ups run after publication, before closing`,
      );
    }
    const opportunityIds = (await this.repo.findRoundOpportunities([round.id], em)).map(
      (r) => r.opportunityId,
    );
    const opportunities = applying
      ? await this.context.lockOpportunities(opportunityIds, em)
      : await this.context.findOpportunities(opportunityIds, em);
    clock.mark('lock');

    const gathered = await this.gather(round, run, opportunities, em);
    clock.mark('gather');
    const input = buildRunInput(gathered.data);
    clock.mark('assemble');
    const instance = parseInstance({ problem: input.problem, instance: input.instance });
    clock.mark('parse');
    const solved = solve(instance, { optimal: input.optimal });
    clock.mark('solve');
    const verdict = verify(instance, solved.assignment);
    clock.mark('verify');
    const stats = runStats(
      input,
      solved.assignment,
      gathered.candidateOrganisation,
      new Map(opportunities.map((o) => [o.id, o.hostOrganisationId])),
    );
    clock.mark('stats');
    const now = new Date();
    const verified = verdict.valid && verdict.stable;
    const drafts: NotificationDraft[] = [];
    const events: ApplicationStatusChangedEvent[] = [];
    if (applying && verified) {
      const applied = await this.apply(
        round,
        run,
        input,
        solved.assignment,
        gathered.applications,
        opportunities,
        now,
        em,
      );
      drafts.push(...applied.drafts);
      events.push(...applied.events);
      if (run.kind === RoundRunKind.PUBLISH) {
        await this.repo.updateRound(round.id, { status: RoundStatus.PUBLISHED, publishedAt: now }, em);
        for (const candidateId of stats.unmatched) {
          drafts.push({
            userId: candidateId,
            type: 'ROUND_NOT_MATCHED',
            message: `You were not matched in round "${round.name}". Your remaining choices stay on the waiting list for a follow-up.`,
          });
        }
      }
    }
    clock.mark('apply');
    const inputHash = createHash('sha256').update(canonicalJson(input)).digest('hex');
    clock.mark('hash');
    const finished = await this.repo.finishRun(
      run,
      {
        status: applying && !verified ? RoundRunStatus.FAILED : RoundRunStatus.DONE,
        algorithm: solved.algorithm,
        algorithmVersion: solved.version,
        inputHash,
        input,
        assignment: { ...solved.assignment },
        stats,
        stable: verdict.stable,
        violations: verdict.violations.map((v) => ({ kind: v.kind, ids: [...v.ids], message: v.message })),
        error: applying && !verified ? 'the verifier refused the result: nothing was published' : null,
        finishedAt: now,
      },
      em,
    );
    clock.mark('store');
    return { run: finished, round, drafts, events };
  }

  /** The round's data for this run's scope, read in the run's transaction. */
  private async gather(
    round: AllocationRoundEntity,
    run: RoundRunEntity,
    opportunities: OpportunityEntity[],
    em: EntityManager,
  ): Promise<{
    data: AllocationData;
    candidateOrganisation: Map<string, string>;
    applications: RoundApplicationRow[];
  }> {
    const opportunityIds = opportunities.map((o) => o.id);
    const choices = await this.repo.choicesOfRound(round.id, em);
    const applications = await this.context.liveApplications(opportunityIds, null, em);
    const allocatable = new Set(
      applications
        .filter((a) => ALLOCATABLE_STATUSES.includes(a.status))
        .map((a) => pairKey(a.candidateId, a.opportunityId)),
    );
    // Holding an offer or a seat of this round: out of any further run.
    const seated = new Set(
      applications.filter((a) => !ALLOCATABLE_STATUSES.includes(a.status)).map((a) => a.candidateId),
    );
    const lists = new Map<string, string[]>();
    for (const choice of choices) {
      if (
        seated.has(choice.candidateId) ||
        !allocatable.has(pairKey(choice.candidateId, choice.opportunityId))
      )
        continue;
      const list = lists.get(choice.candidateId);
      if (list) list.push(choice.opportunityId);
      else lists.set(choice.candidateId, [choice.opportunityId]);
    }

    const overrides = await this.repo.overridesOf(round.id, em);
    const excluded = new Set(
      overrides
        .filter((o) => o.kind === RoundOverrideKind.EXCLUDE)
        .map((o) => pairKey(o.candidateId, o.opportunityId)),
    );
    const offers = await this.context.openOffers(opportunityIds, em);
    const freeSeats = new Map(
      opportunities.map((o) => [o.id, o.capacity - o.seatsTaken - (offers.get(o.id) ?? 0)]),
    );
    // Pre-assignments still possible (live choice), oldest first, never beyond the free seats.
    const preAssigned = new Map<string, string>();
    if (run.scope === RoundRunScope.INITIAL) {
      const placed = new Map<string, number>();
      for (const o of overrides) {
        if (o.kind !== RoundOverrideKind.PRE_ASSIGN || !lists.get(o.candidateId)?.includes(o.opportunityId))
          continue;
        const count = placed.get(o.opportunityId) ?? 0;
        if (count >= (freeSeats.get(o.opportunityId) ?? 0)) continue;
        placed.set(o.opportunityId, count + 1);
        preAssigned.set(o.candidateId, o.opportunityId);
      }
    }

    const ranked = await this.context.rankedOpportunities(opportunityIds, em);
    const hostRankings = new Map<string, string[]>();
    for (const id of ranked) hostRankings.set(id, []);
    for (const row of await this.context.rankings([...ranked], em))
      hostRankings.get(row.opportunityId)?.push(row.candidateId);

    const candidateIds = [...lists.keys()];
    const unranked = opportunities.filter((o) => !ranked.has(o.id));
    const fit = await this.fitScores(unranked, lists, em);

    const leads = [...new Set(opportunities.map((o) => o.leadSupervisorId))];
    const supervisorRoom = new Map<string, number>();
    if (round.algorithm === RoundAlgorithm.SPA) {
      const capacities = new Map(
        (await this.context.profilesOf(leads, em)).map((p) => [p.userId, p.supervisionCapacity]),
      );
      const loads = await this.context.supervisionLoads(leads, em);
      for (const lead of leads) {
        supervisorRoom.set(
          lead,
          (capacities.get(lead) ?? DEFAULT_SUPERVISION_CAPACITY) - (loads.get(lead) ?? 0),
        );
      }
    }

    return {
      data: {
        problem: round.algorithm === RoundAlgorithm.SPA ? 'SPA-S' : 'HR',
        optimal: round.optimal === RoundOptimal.HOST ? 'host' : 'candidate',
        seed: run.seed,
        opportunities: opportunities.map((o) => ({
          id: o.id,
          hostOrganisationId: o.hostOrganisationId,
          leadSupervisorId: o.leadSupervisorId,
          freeSeats: freeSeats.get(o.id) ?? 0,
        })),
        choices: lists,
        hostRankings,
        fit,
        excluded,
        preAssigned,
        supervisorRoom,
      },
      candidateOrganisation: await this.context.organisationsOf(candidateIds, em),
      applications,
    };
  }

  /** Fit of each applicant for the opportunities whose host has not ranked (the default order). */
  private async fitScores(
    opportunities: OpportunityEntity[],
    lists: ReadonlyMap<string, readonly string[]>,
    em: EntityManager,
  ): Promise<Map<string, Map<string, FitEntry>>> {
    const result = new Map<string, Map<string, FitEntry>>();
    if (opportunities.length === 0) return result;
    const ids = opportunities.map((o) => o.id);
    const applicantsOf = new Map<string, string[]>(ids.map((id) => [id, []]));
    for (const [candidateId, list] of lists) for (const o of list) applicantsOf.get(o)?.push(candidateId);
    const candidateIds = [...new Set([...applicantsOf.values()].flat())];
    if (candidateIds.length === 0) return result;
    const requirements = await this.context.requirementsOf(ids, em);
    const developed = await this.context.developedOf(ids, em);
    const profiles = new Map((await this.context.profilesOf(candidateIds, em)).map((p) => [p.userId, p]));
    const competenceIds = [...new Set(requirements.map((r) => r.competenceId))];
    const levels = new Map<string, Map<string, ProficiencyLevel>>();
    for (let i = 0; i < candidateIds.length; i += LEVELS_BATCH) {
      const batch = await this.profiles.effectiveLevelsOf(
        candidateIds.slice(i, i + LEVELS_BATCH),
        competenceIds,
        em,
      );
      for (const [id, value] of batch) levels.set(id, value);
    }
    const developmentTargets = new Map<string, ReadonlyMap<string, number>>();
    for (let i = 0; i < candidateIds.length; i += LEVELS_BATCH) {
      const batch = await this.roles.developmentTargetsOf(candidateIds.slice(i, i + LEVELS_BATCH));
      for (const [id, value] of batch) developmentTargets.set(id, value);
    }
    const requirementsOf = groupBy(requirements, (r) => r.opportunityId);
    const developedOf = groupBy(developed, (d) => d.opportunityId);
    // The one mapping (core/fit/fit-inputs.ts) and the configured weights: the fit a candidate is
    // shown (myFit, recommendations) is the fit that orders the host's list here.
    const candidates = new Map<string, FitCandidate>();
    for (const candidateId of candidateIds) {
      const profile = profiles.get(candidateId);
      candidates.set(
        candidateId,
        fitCandidateOf({
          careerStage: profile?.careerStage ?? null,
          levels: levels.get(candidateId) ?? new Map(),
          languages: profile?.languages ?? [],
          availability: profile?.availability ?? [],
          developmentTargets: developmentTargets.get(candidateId) ?? new Map(),
        }),
      );
    }
    for (const o of opportunities) {
      const target = fitOpportunityOf({
        eligibleStages: o.eligibleStages,
        requirements: requirementsOf.get(o.id) ?? [],
        develops: (developedOf.get(o.id) ?? []).map((d) => d.competenceId),
        language: o.language,
        startsOn: o.startsOn,
        endsOn: o.endsOn,
      });
      const scores = new Map<string, FitEntry>();
      for (const candidateId of applicantsOf.get(o.id) ?? []) {
        const candidate = candidates.get(candidateId);
        if (!candidate) continue;
        const fit = computeFit(candidate, target, { weights: this.fitWeights });
        scores.set(candidateId, { score: fit.score, eligible: fit.eligible });
      }
      result.set(o.id, scores);
    }
    return result;
  }

  /** Offers for the placements, rejections for the placed candidates' other applications of the round. */
  private async apply(
    round: AllocationRoundEntity,
    run: RoundRunEntity,
    input: ReturnType<typeof buildRunInput>,
    assignment: Readonly<Record<string, string | null>>,
    applications: RoundApplicationRow[],
    opportunities: OpportunityEntity[],
    now: Date,
    em: EntityManager,
  ): Promise<Announcement> {
    const placements = placementsOf(input, assignment);
    const responseDeadline = new Date(now.getTime() + round.responseWindowHours * HOUR);
    const rejectReason = notMatchedReason(round);
    const titles = new Map(opportunities.map((o) => [o.id, o.title]));
    const changes: ApplicationChange[] = [];
    const drafts: NotificationDraft[] = [];
    const offered = new Set<string>();
    const allocatable = new Map(
      applications
        .filter((a) => ALLOCATABLE_STATUSES.includes(a.status))
        .map((a) => [pairKey(a.candidateId, a.opportunityId), a]),
    );
    for (const [candidateId, opportunityId] of placements) {
      const application = allocatable.get(pairKey(candidateId, opportunityId));
      if (!application)
        throw new RunRefusedError(`no live application of ${candidateId} for ${opportunityId}`);
      const decision = transitionApplication(application.status, 'OFFER', {
        actor: 'SYSTEM',
        now,
        responseDeadline,
      });
      if (!decision.ok) throw new RunRefusedError(decision.error.message);
      changes.push({
        applicationId: application.id,
        from: application.status,
        to: decision.next,
        responseDeadline,
        reason: null,
      });
      offered.add(application.id);
      drafts.push(
        this.draft(
          'application.offered',
          candidateId,
          application.id,
          opportunityId,
          titles,
          null,
          responseDeadline,
        ),
      );
    }
    for (const application of applications) {
      if (offered.has(application.id) || !placements.has(application.candidateId)) continue;
      if (!ALLOCATABLE_STATUSES.includes(application.status)) continue;
      const decision = transitionApplication(application.status, 'REJECT', {
        actor: 'SYSTEM',
        now,
        reason: rejectReason,
      });
      if (!decision.ok) throw new RunRefusedError(decision.error.message);
      changes.push({
        applicationId: application.id,
        from: application.status,
        to: decision.next,
        responseDeadline: null,
        reason: rejectReason,
      });
      drafts.push(
        this.draft(
          'application.rejected',
          application.candidateId,
          application.id,
          application.opportunityId,
          titles,
          rejectReason,
          null,
        ),
      );
    }
    const moved = await this.context.applyChanges(changes, em);
    if (moved !== changes.length) {
      throw new RunRefusedError('applications changed while the run was applied; run it again');
    }
    // Hosts hear how many offers went out for each of their opportunities.
    const offersPer = new Map<string, number>();
    for (const opportunityId of placements.values()) {
      offersPer.set(opportunityId, (offersPer.get(opportunityId) ?? 0) + 1);
    }
    for (const o of opportunities) {
      const count = offersPer.get(o.id);
      if (!count) continue;
      drafts.push({
        userId: o.leadSupervisorId,
        type: 'ROUND_OFFERS_SENT',
        message: `Round "${round.name}": ${count} offer(s) went out for "${o.title}".`,
        opportunityId: o.id,
      });
    }
    this.logger.log(
      `run ${run.id} of round ${round.id}: ${offered.size} offer(s), ${changes.length - offered.size} rejection(s)`,
    );
    return { drafts, events: await this.statusEvents(changes, applications, opportunities, now, em) };
  }

  /** The live status events of persisted changes, addressed like the applications feature's. */
  private async statusEvents(
    changes: readonly ApplicationChange[],
    applications: readonly RoundApplicationRow[],
    opportunities: readonly OpportunityEntity[],
    at: Date,
    em: EntityManager,
  ): Promise<ApplicationStatusChangedEvent[]> {
    const byId = new Map(applications.map((a) => [a.id, a]));
    const opportunityById = new Map(opportunities.map((o) => [o.id, o]));
    const coSupervisors = await this.context.acceptedCoSupervisors(
      opportunities.map((o) => o.id),
      em,
    );
    return changes.flatMap((change) => {
      const application = byId.get(change.applicationId);
      const opportunity = application && opportunityById.get(application.opportunityId);
      if (!application || !opportunity) return [];
      return [
        {
          audience: {
            candidateId: application.candidateId,
            hostUserIds: [opportunity.leadSupervisorId, ...(coSupervisors.get(opportunity.id) ?? [])],
            hostOrganisationId: opportunity.hostOrganisationId,
          },
          change: {
            applicationId: application.id,
            opportunityId: application.opportunityId,
            from: change.from,
            to: change.to,
            at,
          },
        },
      ];
    });
  }

  /** After commit: notifications, then the live application status events; never fails the caller. */
  async announce(announcement: Announcement): Promise<void> {
    for (let i = 0; i < announcement.drafts.length; i += DELIVERY_BATCH) {
      await this.notifications.deliver(announcement.drafts.slice(i, i + DELIVERY_BATCH));
    }
    for (const event of announcement.events) {
      try {
        await this.applicationEvents.applicationStatusChanged(event);
      } catch (err) {
        this.logger.error({ err }, `could not publish the status change of ${event.change.applicationId}`);
      }
    }
  }

  private draft(
    template: string,
    userId: string,
    applicationId: string,
    opportunityId: string,
    titles: ReadonlyMap<string, string>,
    reason: string | null,
    responseDeadline: Date | null,
  ): NotificationDraft {
    return {
      userId,
      type: notificationType(template),
      message: notificationText(template, {
        opportunityTitle: titles.get(opportunityId) ?? '',
        reason,
        responseDeadline,
      }),
      applicationId,
      opportunityId,
    };
  }

  /** Pushes the run's status to `roundRunUpdated` subscribers; never fails the caller. */
  async publish(run: RoundRunEntity): Promise<void> {
    try {
      const round = await this.repo.findRound(run.roundId);
      if (round)
        await this.events.runUpdated({ roundId: round.id, organisationId: round.organisationId, run });
    } catch (err) {
      this.logger.error({ err }, `could not publish the status of run ${run.id}`);
    }
  }

  /** Rejects the allocatable applications left on the round's opportunities (the round closes). */
  async rejectRemaining(round: AllocationRoundEntity, em: EntityManager): Promise<Announcement> {
    const opportunityIds = (await this.repo.findRoundOpportunities([round.id], em)).map(
      (r) => r.opportunityId,
    );
    const opportunities = await this.context.lockOpportunities(opportunityIds, em);
    const choosers = new Set((await this.repo.choicesOfRound(round.id, em)).map((c) => c.candidateId));
    const applications = (await this.context.liveApplications(opportunityIds, [...choosers], em)).filter(
      (a) => ALLOCATABLE_STATUSES.includes(a.status),
    );
    const now = new Date();
    const reason = notMatchedReason(round);
    const titles = new Map(opportunities.map((o) => [o.id, o.title]));
    const changes: ApplicationChange[] = [];
    const drafts: NotificationDraft[] = [];
    for (const a of applications) {
      const decision = transitionApplication(a.status, 'REJECT', { actor: 'SYSTEM', now, reason });
      if (!decision.ok) continue;
      changes.push({
        applicationId: a.id,
        from: a.status,
        to: decision.next as ApplicationStatus,
        responseDeadline: null,
        reason,
      });
      drafts.push(
        this.draft('application.rejected', a.candidateId, a.id, a.opportunityId, titles, reason, null),
      );
    }
    await this.context.applyChanges(changes, em);
    return { drafts, events: await this.statusEvents(changes, applications, opportunities, now, em) };
  }
}
