import { EntityManager } from 'typeorm';
import {
  notificationParams,
  notificationText,
  notificationType,
} from '../../applications/application-notifications';
import { paramsToData } from '../../notifications/notification-params';
import {
  ApplicantRankingEntity,
  ApplicationEntity,
  ApplicationTransitionEntity,
} from '../../applications/entities/application.entity';
import {
  ApplicationActorKind,
  ApplicationEffect,
  ApplicationEvent,
  isLive,
  transitionApplication,
} from '../../core/applications/application-workflow';
import { Assessment, effectiveLevels } from '../../core/competences/effective-level';
import {
  ApplicationStatus,
  AssessmentSource,
  CareerStage,
  OpportunityKind,
  OpportunityStatus,
  ProficiencyLevel,
  UserRole,
  WorkMode,
} from '../../core/domain/enums';
import { CoSupervisionStatus } from '../../core/opportunities/co-supervision';
import { NotificationEntity } from '../../notifications/entities/notification.entity';
import {
  CoSupervisionEntity,
  OpportunityDevelopedCompetenceEntity,
  OpportunityEntity,
} from '../../opportunities/entities/opportunity.entity';
import { AssessmentEntity } from '../../profiles/entities/assessment.entity';
import {
  createRng,
  daysBefore,
  DemoPeople,
  DemoPerson,
  DemoSeedContext,
  insertChunked,
  Rng,
  selfAssessment,
} from './demo-people';

const A = ApplicationStatus;
const O = OpportunityStatus;
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** Opportunities candidates can have applied to. */
const APPLIED_STATUSES: readonly OpportunityStatus[] = [O.OPEN, O.CLOSED, O.ALLOCATED, O.COMPLETED];

/** Below the MAX_LIVE_APPLICATIONS default (5), so a demo user can still apply. */
const MAX_LIVE_SEEDED = 4;

/** At most this many placements per opportunity in the demo (workplace visits have big groups). */
const MAX_MATCHED = 6;

export interface DemoApplicationsSummary {
  opportunities: number;
  applications: number;
  transitions: number;
  notifications: number;
}

interface Opportunity {
  id: string;
  kind: OpportunityKind;
  title: string;
  status: OpportunityStatus;
  hostOrganisationId: string;
  leadSupervisorId: string;
  capacity: number;
  applicationDeadline: Date;
  startsOn: string;
  endsOn: string;
  eligibleStages: CareerStage[];
  /** Accepted co-supervisors: host staff, never applicants. */
  coSupervisorIds: string[];
  /** Essential requirements: competence id → minimum level. */
  essentials: Map<string, number>;
  developed: string[];
}

interface Step {
  event: ApplicationEvent;
  actor: ApplicationActorKind;
  actorId: string | null;
  at: Date;
  reason: string | null;
}

interface PlannedApplication {
  id: string;
  opportunity: Opportunity;
  candidate: DemoPerson;
  status: ApplicationStatus;
  motivation: string;
  submittedAt: Date;
  steps: Step[];
  responseDeadline: Date | null;
}

const REJECT_REASONS = [
  'Another applicant fits the required competences better.',
  'The project needs hands-on lab experience you do not have yet.',
  'The project needs someone available for the whole period.',
  'We had many strong applications and chose applicants closer to the required levels.',
];
const ROUND_REJECT_REASON =
  'Not matched in the allocation round: the seats went to applicants the host ranked higher.';
const DECLINE_REASONS = [
  'I accepted another placement.',
  'The dates clash with my exams.',
  'My own project needs me this quarter.',
  'Personal circumstances: I cannot travel in this period.',
];
const WITHDRAW_REASONS = ['My plans changed.', 'I found a placement closer to my research.', null, null];
const NO_SHOW_REASONS = [
  'Did not come on the first day and did not answer our messages.',
  'Never started: no reply to the welcome e-mail or the phone calls.',
];
const MOTIVATIONS = [
  'This fits the next step of my research and I would love to learn from your team.',
  'I want to see how this works in practice and bring the experience back to my group.',
  'My thesis touches exactly this topic; the placement would give it a practical side.',
  'I have worked with similar methods and would like to apply them in a new setting.',
  'I am exploring a career outside my own organisation and this is a great way to start.',
  'I teach related courses and would like to exchange methods and material with your department.',
];

/** Statuses of the demo candidate accounts, with the opportunity statuses each can live on. */
const DEMO_CANDIDATE_PLANS: Readonly<
  Record<string, readonly (readonly [ApplicationStatus, OpportunityStatus[]])[]>
> = {
  'candidate@lumc.test': [
    [A.OFFERED, [O.ALLOCATED, O.OPEN]],
    [A.SUBMITTED, [O.OPEN]],
    [A.REJECTED, [O.CLOSED, O.ALLOCATED, O.COMPLETED]],
    [A.WITHDRAWN, [O.OPEN, O.CLOSED]],
    [A.COMPLETED, [O.COMPLETED]],
  ],
  'candidate@leiden.test': [
    [A.SHORTLISTED, [O.CLOSED, O.OPEN]],
    [A.ACCEPTED, [O.ALLOCATED, O.OPEN]],
    [A.DECLINED, [O.ALLOCATED, O.COMPLETED]],
    [A.REJECTED, [O.COMPLETED, O.ALLOCATED, O.CLOSED]],
  ],
  'candidate@janssen.test': [
    [A.SUBMITTED, [O.OPEN]],
    [A.EXPIRED, [O.ALLOCATED, O.COMPLETED]],
    [A.COMPLETED, [O.COMPLETED]],
    [A.WITHDRAWN, [O.CLOSED, O.OPEN]],
  ],
};

/** Seat-holding statuses: an open offer reserves its seat until answered. */
function holdsSeat(status: ApplicationStatus): boolean {
  return status === A.OFFERED || status === A.ACCEPTED || status === A.COMPLETED;
}

function takesSeat(status: ApplicationStatus): boolean {
  return status === A.ACCEPTED || status === A.COMPLETED;
}

/** Allocation rounds publish offers and reject the unmatched (actor: the system). */
function roundBased(o: Opportunity): boolean {
  return o.kind === OpportunityKind.CO_SUPERVISED_PROJECT || o.kind === OpportunityKind.INTERNSHIP;
}

function weighted<T>(rng: Rng, options: readonly (readonly [T, number])[]): T {
  const total = options.reduce((s, [, w]) => s + w, 0);
  let r = rng.next() * total;
  for (const [value, w] of options) {
    r -= w;
    if (r < 0) return value;
  }
  return options[options.length - 1][0];
}

/**
 * Applications in every state on the opportunities that exist (a few fallback opportunities are
 * created when a status is missing), each with its full transition history, run through the core
 * workflow so every step is one the API would allow; applicant rankings for some opportunities;
 * the notifications the workflow's effects ask for; EVIDENCE assessments for completed placements.
 * opportunities.seats_taken ends equal to the accepted and completed applications.
 */
export async function seedDemoApplications(
  em: EntityManager,
  ctx: DemoSeedContext & { people: DemoPeople },
): Promise<DemoApplicationsSummary> {
  const rng = createRng(0xa991_1ca7);
  const { people } = ctx;
  await ensureOpportunityStatuses(em, ctx, rng);
  const opportunities = await loadOpportunities(em);
  const peopleById = new Map(people.people.map((p) => [p.id, p]));
  const assessments = await loadAssessments(em, [...peopleById.keys()]);

  const applied = new Set<string>(); // `${opportunityId}/${candidateId}`
  const liveCount = new Map<string, number>();
  const holders = new Map<string, number>();
  const taken = new Map<string, number>();
  const byOpportunity = new Map<string, PlannedApplication[]>();
  const planned: PlannedApplication[] = [];
  const newAssessments: ReturnType<typeof selfAssessment>[] = [];

  const eligible = (o: Opportunity, c: DemoPerson): boolean =>
    c.roles.includes(UserRole.CANDIDATE) &&
    c.id !== o.leadSupervisorId &&
    !o.coSupervisorIds.includes(c.id) &&
    !applied.has(`${o.id}/${c.id}`) &&
    (o.eligibleStages.length === 0 || o.eligibleStages.includes(c.careerStage));

  const seatRoom = (o: Opportunity, status: ApplicationStatus): boolean => {
    if (holdsSeat(status) && (holders.get(o.id) ?? 0) >= Math.min(o.capacity, MAX_MATCHED)) return false;
    return !takesSeat(status) || (taken.get(o.id) ?? 0) < o.capacity;
  };

  /** Plans one application when the candidate could really have submitted it; false otherwise. */
  const tryApply = (o: Opportunity, c: DemoPerson, status: ApplicationStatus, liveCap: number): boolean => {
    if (!eligible(o, c) || !seatRoom(o, status)) return false;
    if (isLive(status) && (liveCount.get(c.id) ?? 0) >= liveCap) return false;
    const app = planApplication(rng, ctx.now, o, c, status);
    const extra = essentialsAt(o, c.id, app.submittedAt, assessments, rng);
    if (extra === null) return false;
    for (const row of extra) {
      newAssessments.push(row);
      (assessments.get(c.id) ?? assessments.set(c.id, []).get(c.id)!).push(toCore(row));
    }
    applied.add(`${o.id}/${c.id}`);
    if (isLive(status)) liveCount.set(c.id, (liveCount.get(c.id) ?? 0) + 1);
    if (holdsSeat(status)) holders.set(o.id, (holders.get(o.id) ?? 0) + 1);
    if (takesSeat(status)) taken.set(o.id, (taken.get(o.id) ?? 0) + 1);
    planned.push(app);
    (byOpportunity.get(o.id) ?? byOpportunity.set(o.id, []).get(o.id)!).push(app);
    return true;
  };

  // 1. The demo candidate accounts: a few applications each, in different states, preferably at
  //    a partner organisation and with a demo supervisor as host.
  const demoSupervisors = new Set(people.people.filter((p) => p.demoAccount).map((p) => p.id));
  const orgIdOf = (p: DemoPerson): string | undefined => ctx.organisationIds.get(p.organisationCode);
  for (const [email, plan] of Object.entries(DEMO_CANDIDATE_PLANS)) {
    const candidate = people.people.find((p) => p.email === email);
    if (!candidate) continue;
    for (const [status, statuses] of plan) {
      const options = opportunities
        .filter((o) => statuses.includes(o.status))
        .map((o) => ({
          o,
          score:
            (o.hostOrganisationId !== orgIdOf(candidate) ? 4 : 0) +
            (demoSupervisors.has(o.leadSupervisorId) ? 2 : 0) +
            (statuses.length - statuses.indexOf(o.status)) +
            rng.next(),
        }))
        .sort((a, b) => b.score - a.score);
      for (const { o } of options) if (tryApply(o, candidate, status, 2)) break;
    }
  }

  // 2. Everyone else, opportunity by opportunity.
  const pool = people.people.filter((p) => !p.demoAccount && p.roles.includes(UserRole.CANDIDATE));
  for (const o of opportunities) {
    const candidates = rng
      .shuffle(pool)
      .map((c) => ({ c, score: (orgIdOf(c) !== o.hostOrganisationId ? 1 : 0) + rng.next() * 1.5 }))
      .sort((a, b) => b.score - a.score)
      .map((x) => x.c);
    const statuses = statusesFor(rng, o, byOpportunity.get(o.id)?.length ?? 0);
    let next = 0;
    for (const status of statuses) {
      while (next < candidates.length && !tryApply(o, candidates[next], status, MAX_LIVE_SEEDED)) next++;
      next++;
    }
  }

  // A no-show is rare: when chance planned none, one completed placement of the pool becomes one,
  // so that the demo shows every state (a no-show holds no seat, so the seat counts stay true).
  if (!planned.some((p) => p.status === A.NO_SHOW)) {
    const i = planned.findIndex((p) => p.status === A.COMPLETED && !p.candidate.demoAccount);
    if (i >= 0) {
      // The same application, whose host records the no-show instead of completing the placement.
      const completed = planned[i];
      const accepted = completed.steps[completed.steps.length - 2].at.getTime();
      const firstDay = Date.parse(`${completed.opportunity.startsOn}T12:00:00Z`);
      const at = new Date(Math.min(Math.max(accepted, firstDay) + DAY_MS, ctx.now.getTime() - HOUR_MS));
      const noShow: PlannedApplication = {
        ...completed,
        status: A.NO_SHOW,
        steps: [
          ...completed.steps.slice(0, -1),
          {
            event: 'RECORD_NO_SHOW',
            actor: 'HOST',
            actorId: completed.opportunity.leadSupervisorId,
            at,
            reason: rng.pick(NO_SHOW_REASONS),
          },
        ],
      };
      const siblings = byOpportunity.get(completed.opportunity.id)!;
      siblings[siblings.indexOf(completed)] = noShow;
      planned[i] = noShow;
    }
  }

  // 3. Persist: applications, their histories, rankings, notifications, evidence.
  planned.sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime());
  await insertChunked(
    em,
    ApplicationEntity,
    planned.map((p) => ({
      id: p.id,
      opportunityId: p.opportunity.id,
      candidateId: p.candidate.id,
      status: p.status,
      motivation: p.motivation,
      responseDeadline: p.responseDeadline,
      createdAt: p.submittedAt,
      updatedAt: p.steps.length > 0 ? p.steps[p.steps.length - 1].at : p.submittedAt,
    })),
  );

  const transitions: Partial<ApplicationTransitionEntity>[] = [];
  const notifications: Partial<NotificationEntity>[] = [];
  const evidence: ReturnType<typeof selfAssessment>[] = [];
  for (const p of planned) {
    const facts = { opportunityTitle: p.opportunity.title, responseDeadline: p.responseDeadline };
    const notify = (to: 'CANDIDATE' | 'HOST', template: string, at: Date, reason: string | null) => {
      const userId = to === 'CANDIDATE' ? p.candidate.id : p.opportunity.leadSupervisorId;
      notifications.push({
        userId,
        type: notificationType(template),
        message: notificationText(template, { ...facts, reason }),
        data: {
          ...paramsToData(notificationParams({ ...facts, reason })),
          applicationId: p.id,
          opportunityId: p.opportunity.id,
        },
        createdAt: at,
        readAt: ctx.now.getTime() - at.getTime() > 14 * DAY_MS ? new Date(at.getTime() + 6 * HOUR_MS) : null,
      });
    };
    transitions.push({
      applicationId: p.id,
      fromStatus: null,
      toStatus: A.SUBMITTED,
      actorId: p.candidate.id,
      reason: null,
      at: p.submittedAt,
    });
    notify('HOST', 'application.submitted', p.submittedAt, null);
    let state: ApplicationStatus = A.SUBMITTED;
    for (const step of p.steps) {
      const result = transitionApplication(state, step.event, {
        actor: step.actor,
        now: step.at,
        responseDeadline: p.responseDeadline,
        reason: step.reason,
        startsOn: p.opportunity.startsOn,
      });
      if (!result.ok) {
        throw new Error(
          `demo seed: ${p.candidate.email} on "${p.opportunity.title}": ${result.error.message}`,
        );
      }
      transitions.push({
        applicationId: p.id,
        fromStatus: state,
        toStatus: result.next,
        actorId: step.actorId,
        reason: step.reason,
        at: step.at,
      });
      for (const notice of noticesOf(result.effects))
        notify(notice.to, notice.template, step.at, step.reason);
      state = result.next;
    }
    if (state !== p.status) throw new Error(`demo seed: planned ${p.status}, history ends in ${state}`);
    if (state === A.COMPLETED) evidence.push(...evidenceOf(rng, ctx.now, p));
  }
  await insertChunked(em, ApplicationTransitionEntity, transitions);
  await insertChunked(em, NotificationEntity, notifications);
  await insertChunked(em, AssessmentEntity, [...newAssessments, ...evidence]);
  await insertChunked(em, ApplicantRankingEntity, rankingsOf(rng, opportunities, byOpportunity));

  // seats_taken counts ACCEPTED and COMPLETED applications, as the applications feature does.
  await em.query(
    `UPDATE opportunities o
        SET seats_taken = (SELECT count(*) FROM applications a
                            WHERE a.opportunity_id = o.id AND a.status IN ('ACCEPTED', 'COMPLETED'))`,
  );

  return {
    opportunities: opportunities.length,
    applications: planned.length,
    transitions: transitions.length,
    notifications: notifications.length,
  };
}

/** The statuses of the further applicants of one opportunity (`existing` are planned already). */
function statusesFor(rng: Rng, o: Opportunity, existing: number): ApplicationStatus[] {
  const out: ApplicationStatus[] = [];
  const seats = Math.min(o.capacity, MAX_MATCHED);
  switch (o.status) {
    case O.OPEN: {
      const continuous = !roundBased(o);
      // Continuous mode (visits, exchange slots): the host offers as applications come in.
      const answered = continuous ? (rng.chance(0.7) ? 1 : 0) + (rng.chance(0.3) ? 1 : 0) : 0;
      for (let i = 0; i < answered; i++) {
        out.push(
          weighted(rng, [
            [A.OFFERED, 35],
            [A.ACCEPTED, 35],
            [A.DECLINED, 15],
            [A.EXPIRED, 15],
          ]),
        );
      }
      const n = rng.int(2, 6);
      for (let i = 0; i < n; i++) {
        out.push(
          weighted(rng, [
            [A.SUBMITTED, 50],
            [A.SHORTLISTED, 20],
            [A.WITHDRAWN, 15],
            [A.REJECTED, 15],
          ]),
        );
      }
      break;
    }
    case O.CLOSED: {
      const n = rng.int(3, 8);
      for (let i = 0; i < n; i++) {
        out.push(
          weighted(rng, [
            [A.SUBMITTED, 40],
            [A.SHORTLISTED, 35],
            [A.REJECTED, 15],
            [A.WITHDRAWN, 10],
          ]),
        );
      }
      break;
    }
    case O.ALLOCATED:
    case O.COMPLETED: {
      const matched = Math.max(1, rng.int(seats - 1, seats));
      const done = o.status === O.COMPLETED;
      for (let i = 0; i < matched; i++) {
        out.push(
          weighted(
            rng,
            done
              ? [
                  [A.COMPLETED, 74],
                  [A.NO_SHOW, 6],
                  [A.DECLINED, 10],
                  [A.EXPIRED, 10],
                ]
              : [
                  [A.ACCEPTED, 55],
                  [A.OFFERED, 25],
                  [A.DECLINED, 12],
                  [A.EXPIRED, 8],
                ],
          ),
        );
      }
      const unmatched = rng.int(1, 3);
      for (let i = 0; i < unmatched; i++) out.push(rng.chance(0.75) ? A.REJECTED : A.WITHDRAWN);
      break;
    }
    default:
      break;
  }
  return existing > 0 ? out.slice(Math.min(existing, out.length - 1)) : out;
}

/** The events after SUBMITTED that end in `status`, with actors, reasons and times before `now`. */
function planApplication(
  rng: Rng,
  now: Date,
  o: Opportunity,
  candidate: DemoPerson,
  status: ApplicationStatus,
): PlannedApplication {
  const host = (): Pick<Step, 'actor' | 'actorId'> => ({ actor: 'HOST', actorId: o.leadSupervisorId });
  const system = (): Pick<Step, 'actor' | 'actorId'> => ({ actor: 'SYSTEM', actorId: null });
  const self = (): Pick<Step, 'actor' | 'actorId'> => ({ actor: 'CANDIDATE', actorId: candidate.id });
  const round = roundBased(o) && (o.status === O.ALLOCATED || o.status === O.COMPLETED);
  const events: Omit<Step, 'at'>[] = [];
  const offer = () => {
    if (round) {
      if (rng.chance(0.5)) events.push({ event: 'SHORTLIST', ...host(), reason: null });
      events.push({ event: 'OFFER', ...system(), reason: null });
    } else {
      events.push({ event: 'SHORTLIST', ...host(), reason: null });
      events.push({ event: 'OFFER', ...host(), reason: null });
    }
  };
  switch (status) {
    case A.SUBMITTED:
      break;
    case A.SHORTLISTED:
      events.push({ event: 'SHORTLIST', ...host(), reason: null });
      break;
    case A.WITHDRAWN:
      if (rng.chance(0.3)) events.push({ event: 'SHORTLIST', ...host(), reason: null });
      events.push({ event: 'WITHDRAW', ...self(), reason: rng.pick(WITHDRAW_REASONS) });
      break;
    case A.REJECTED:
      if (round && rng.chance(0.6)) {
        events.push({ event: 'REJECT', ...system(), reason: ROUND_REJECT_REASON });
      } else {
        if (rng.chance(0.4)) events.push({ event: 'SHORTLIST', ...host(), reason: null });
        events.push({ event: 'REJECT', ...host(), reason: rng.pick(REJECT_REASONS) });
      }
      break;
    case A.OFFERED:
      offer();
      break;
    case A.ACCEPTED:
      offer();
      events.push({ event: 'ACCEPT', ...self(), reason: null });
      break;
    case A.DECLINED:
      offer();
      events.push({ event: 'DECLINE', ...self(), reason: rng.pick(DECLINE_REASONS) });
      break;
    case A.EXPIRED:
      offer();
      events.push({ event: 'EXPIRE', ...system(), reason: null });
      break;
    case A.COMPLETED:
      offer();
      events.push({ event: 'ACCEPT', ...self(), reason: null });
      events.push({ event: 'COMPLETE', ...host(), reason: null });
      break;
    case A.NO_SHOW:
      offer();
      events.push({ event: 'ACCEPT', ...self(), reason: null });
      events.push({ event: 'RECORD_NO_SHOW', ...host(), reason: rng.pick(NO_SHOW_REASONS) });
      break;
    default:
      break;
  }

  // Times: submitted before the application deadline, then a few days per step.
  const latestSubmission = Math.min(
    o.applicationDeadline.getTime() - rng.int(1, 12) * DAY_MS,
    now.getTime() - rng.int(2, 30) * DAY_MS,
  );
  let t = latestSubmission - rng.int(0, 8) * HOUR_MS;
  const submittedAt = new Date(t);
  const startsOn = Date.parse(`${o.startsOn}T12:00:00Z`);
  const endsOn = Date.parse(`${o.endsOn}T17:00:00Z`);
  const window = round ? 7 * DAY_MS : 10 * DAY_MS;
  let offerDeadline: number | null = null;
  const times: number[] = [];
  for (const e of events) {
    if (e.event === 'ACCEPT' || e.event === 'DECLINE') t += rng.int(1, 5) * DAY_MS + rng.int(0, 8) * HOUR_MS;
    else if (e.event === 'EXPIRE') t = (offerDeadline ?? t) + rng.int(1, 6) * HOUR_MS;
    else if (e.event === 'COMPLETE') t = Math.max(t + 14 * DAY_MS, endsOn + rng.int(1, 5) * DAY_MS);
    else if (e.event === 'RECORD_NO_SHOW') t = Math.max(t + DAY_MS, startsOn + rng.int(1, 3) * DAY_MS);
    else t += rng.int(1, 6) * DAY_MS + rng.int(0, 10) * HOUR_MS;
    if (e.event === 'OFFER') offerDeadline = t + window;
    times.push(t);
  }
  // Everything lies in the past: shift the whole story back when it would end after `now`.
  const last = times.length > 0 ? times[times.length - 1] : submittedAt.getTime();
  const limit = now.getTime() - rng.int(1, 36) * HOUR_MS;
  const shift = last > limit ? last - limit : 0;
  const steps: Step[] = events.map((e, i) => ({ ...e, at: new Date(times[i] - shift) }));
  let responseDeadline = offerDeadline === null ? null : new Date(offerDeadline - shift);
  if (status === A.OFFERED) {
    // A live offer: made in the last days, to be answered in the coming days.
    const offered = steps[steps.length - 1];
    const previous = steps.length > 1 ? steps[steps.length - 2].at.getTime() : submittedAt.getTime() - shift;
    offered.at = new Date(Math.max(previous + HOUR_MS, now.getTime() - rng.int(1, 5) * DAY_MS));
    responseDeadline = new Date(now.getTime() + rng.int(4, 12) * DAY_MS);
  }
  return {
    id: rng.uuid(),
    opportunity: o,
    candidate,
    status,
    motivation: rng.pick(MOTIVATIONS),
    submittedAt: new Date(submittedAt.getTime() - shift),
    steps,
    responseDeadline,
  };
}

function toCore(row: ReturnType<typeof selfAssessment>): Assessment {
  return {
    competenceId: row.competenceId,
    level: row.level as ProficiencyLevel,
    source: row.source,
    assessedAt: row.assessedAt,
  };
}

/**
 * The self-assessments the candidate needs to meet the opportunity's essential requirements at
 * submission (the API refuses the application otherwise), dated just before it; null when a
 * supervisor's or evidence assessment, or a later self-assessment, keeps them below.
 */
function essentialsAt(
  o: Opportunity,
  candidateId: string,
  submittedAt: Date,
  assessments: Map<string, Assessment[]>,
  rng: Rng,
): ReturnType<typeof selfAssessment>[] | null {
  if (o.essentials.size === 0) return [];
  const mine = assessments.get(candidateId) ?? [];
  const levels = effectiveLevels(mine.filter((a) => a.assessedAt < submittedAt));
  const extra: ReturnType<typeof selfAssessment>[] = [];
  for (const [competenceId, minLevel] of o.essentials) {
    const current = levels.get(competenceId);
    if (current && current.level >= minLevel) continue;
    if (current && current.source !== AssessmentSource.SELF) return null;
    if (mine.some((a) => a.competenceId === competenceId && a.assessedAt >= submittedAt)) return null;
    const level = Math.min(4, minLevel + (rng.chance(0.3) ? 1 : 0));
    extra.push(
      selfAssessment(
        candidateId,
        competenceId,
        level,
        new Date(submittedAt.getTime() - rng.int(1, 10) * DAY_MS),
      ),
    );
  }
  return extra;
}

/** The workflow's notices (the same mapping the applications service uses). */
function noticesOf(effects: readonly ApplicationEffect[]): { to: 'CANDIDATE' | 'HOST'; template: string }[] {
  const notices: { to: 'CANDIDATE' | 'HOST'; template: string }[] = [];
  for (const effect of effects) {
    if (effect.type === 'NOTIFY') notices.push({ to: effect.to, template: effect.template });
    if (effect.type === 'REQUEST_ASSESSMENT')
      notices.push({ to: 'HOST', template: 'application.assessment-requested' });
  }
  return notices;
}

/** The host's assessment after a completed placement: EVIDENCE on the competences it developed. */
function evidenceOf(rng: Rng, now: Date, p: PlannedApplication): ReturnType<typeof selfAssessment>[] {
  const completedAt = p.steps[p.steps.length - 1].at.getTime();
  return rng.sample(p.opportunity.developed, rng.int(1, 3)).map((competenceId) => ({
    personId: p.candidate.id,
    competenceId,
    level: rng.int(2, 4),
    source: AssessmentSource.EVIDENCE,
    assessorId: p.opportunity.leadSupervisorId,
    applicationId: p.id,
    note: `Assessed after the placement "${p.opportunity.title}".`,
    assessedAt: new Date(
      Math.min(completedAt + rng.int(1, 4) * DAY_MS, Math.max(completedAt, now.getTime() - HOUR_MS)),
    ),
  }));
}

/** Hosts' rankings: closed calls rank their live applicants; some allocated ones kept theirs. */
function rankingsOf(
  rng: Rng,
  opportunities: readonly Opportunity[],
  byOpportunity: ReadonlyMap<string, PlannedApplication[]>,
): Partial<ApplicantRankingEntity>[] {
  const rows: Partial<ApplicantRankingEntity>[] = [];
  for (const o of opportunities) {
    const apps = byOpportunity.get(o.id) ?? [];
    let ranked: PlannedApplication[] = [];
    if (o.status === O.CLOSED || (o.status === O.OPEN && rng.chance(0.3))) {
      ranked = apps.filter((a) => isLive(a.status));
      ranked = [
        ...rng.shuffle(ranked.filter((a) => a.status === A.SHORTLISTED)),
        ...rng.shuffle(ranked.filter((a) => a.status !== A.SHORTLISTED)),
      ];
    } else if (o.status === O.ALLOCATED && rng.chance(0.6)) {
      const matched = apps.filter((a) => a.steps.some((s) => s.event === 'OFFER'));
      const unmatched = apps.filter(
        (a) => a.status === A.REJECTED && a.steps.some((s) => s.actor === 'SYSTEM'),
      );
      ranked = [...rng.shuffle(matched), ...rng.shuffle(unmatched)];
    }
    if (ranked.length < 2) continue;
    ranked.forEach((a, i) => rows.push({ opportunityId: o.id, applicationId: a.id, rank: i + 1 }));
  }
  return rows;
}

async function loadOpportunities(em: EntityManager): Promise<Opportunity[]> {
  const rows = await em
    .getRepository(OpportunityEntity)
    .createQueryBuilder('o')
    .where('o.status IN (:...statuses)', { statuses: APPLIED_STATUSES })
    .orderBy('o.title')
    .addOrderBy('o.starts_on')
    .addOrderBy('o.kind')
    .addOrderBy('o.application_deadline')
    .getMany();
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const requirements: { opportunity_id: string; competence_id: string; min_level: number }[] = await em.query(
    'SELECT opportunity_id, competence_id, min_level FROM opportunity_requirements WHERE essential AND opportunity_id = ANY($1)',
    [ids],
  );
  const developed: { opportunity_id: string; competence_id: string }[] = await em.query(
    'SELECT opportunity_id, competence_id FROM opportunity_developed_competences WHERE opportunity_id = ANY($1) ORDER BY competence_id',
    [ids],
  );
  const coSupervisions = await em
    .getRepository(CoSupervisionEntity)
    .createQueryBuilder('c')
    .where('c.opportunity_id IN (:...ids)', { ids })
    .getMany();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    title: r.title,
    status: r.status,
    hostOrganisationId: r.hostOrganisationId,
    leadSupervisorId: r.leadSupervisorId,
    capacity: r.capacity,
    applicationDeadline: r.applicationDeadline,
    startsOn: r.startsOn,
    endsOn: r.endsOn,
    eligibleStages: r.eligibleStages,
    coSupervisorIds: coSupervisions
      .filter((c) => c.opportunityId === r.id && c.status !== CoSupervisionStatus.DECLINED)
      .map((c) => c.coSupervisorId),
    essentials: new Map(
      requirements
        .filter((q) => q.opportunity_id === r.id)
        .map((q) => [q.competence_id, Number(q.min_level)]),
    ),
    developed: developed.filter((d) => d.opportunity_id === r.id).map((d) => d.competence_id),
  }));
}

async function loadAssessments(em: EntityManager, personIds: string[]): Promise<Map<string, Assessment[]>> {
  const rows: {
    person_id: string;
    competence_id: string;
    level: number;
    source: AssessmentSource;
    assessed_at: Date;
  }[] = await em.query(
    'SELECT person_id, competence_id, level, source, assessed_at FROM assessments WHERE person_id = ANY($1)',
    [personIds],
  );
  const out = new Map<string, Assessment[]>();
  for (const r of rows) {
    const list = out.get(r.person_id) ?? [];
    list.push({
      competenceId: r.competence_id,
      level: Number(r.level) as ProficiencyLevel,
      source: r.source,
      assessedAt: new Date(r.assessed_at),
    });
    out.set(r.person_id, list);
  }
  return out;
}

// ---- fallback opportunities --------------------------------------------------------------------

interface FallbackOpportunity {
  status: OpportunityStatus;
  kind: OpportunityKind;
  organisationCode: string;
  title: string;
  description: string;
  /** Days from now: application deadline, start, end. */
  deadline: number;
  start: number;
  end: number;
  capacity: number;
  stages: CareerStage[];
  developed: string[];
}

const FALLBACK_OPPORTUNITIES: readonly FallbackOpportunity[] = [
  {
    status: O.OPEN,
    kind: OpportunityKind.WORKPLACE_VISIT,
    organisationCode: 'JANSSEN',
    title: 'A day in vaccine discovery (demo)',
    description: 'Visit the Vaccine Discovery labs: antigen design, assays and a talk with the team.',
    deadline: 30,
    start: 60,
    end: 61,
    capacity: 8,
    stages: [CareerStage.BACHELOR_STUDENT, CareerStage.MASTER_STUDENT, CareerStage.PHD_CANDIDATE],
    developed: ['DOM_VACCINE_IMMUNOLOGY', 'WO_NETWORKING'],
  },
  {
    status: O.OPEN,
    kind: OpportunityKind.EXCHANGE_SLOT,
    organisationCode: 'LEIDEN_UNIV',
    title: 'Guest lectures on clinical trial design (demo)',
    description: 'Teach four guest lectures in the master course Drug Development.',
    deadline: 25,
    start: 70,
    end: 100,
    capacity: 2,
    stages: [
      CareerStage.INDUSTRY_SCIENTIST,
      CareerStage.RESEARCHER,
      CareerStage.POSTDOC,
      CareerStage.LECTURER,
    ],
    developed: ['DOM_TEACHING', 'MI_SCIENCE_COMMUNICATION'],
  },
  {
    status: O.CLOSED,
    kind: OpportunityKind.CO_SUPERVISED_PROJECT,
    organisationCode: 'LUMC',
    title: 'T-cell correlates of RSV vaccine protection (demo)',
    description: 'A master project between the LUMC Immunology department and Janssen Vaccine Discovery.',
    deadline: -7,
    start: 70,
    end: 250,
    capacity: 2,
    stages: [CareerStage.MASTER_STUDENT],
    developed: ['DOM_VACCINE_IMMUNOLOGY', 'DOM_ASSAY_DEVELOPMENT', 'DR_DATA_ANALYSIS'],
  },
  {
    status: O.CLOSED,
    kind: OpportunityKind.INTERNSHIP,
    organisationCode: 'JANSSEN',
    title: 'Internship in drug product formulation (demo)',
    description: 'Twenty weeks in Drug Product Development on the formulation of a vaccine candidate.',
    deadline: -10,
    start: 60,
    end: 200,
    capacity: 2,
    stages: [CareerStage.MASTER_STUDENT, CareerStage.BACHELOR_STUDENT],
    developed: ['DOM_DRUG_DELIVERY', 'DOM_GMP'],
  },
  {
    status: O.ALLOCATED,
    kind: OpportunityKind.INTERNSHIP,
    organisationCode: 'LUMC',
    title: 'Internship in therapeutic drug monitoring (demo)',
    description: 'Sixteen weeks in Clinical Pharmacy & Toxicology on assays for drug levels.',
    deadline: -40,
    start: 40,
    end: 150,
    capacity: 3,
    stages: [CareerStage.MASTER_STUDENT, CareerStage.BACHELOR_STUDENT, CareerStage.PHD_CANDIDATE],
    developed: ['DOM_PHARMACOLOGY', 'DOM_ASSAY_DEVELOPMENT'],
  },
  {
    status: O.ALLOCATED,
    kind: OpportunityKind.CO_SUPERVISED_PROJECT,
    organisationCode: 'LEIDEN_UNIV',
    title: 'Machine learning on vaccine trial data (demo)',
    description: 'A postdoc project between LIACS and Janssen Clinical Development.',
    deadline: -35,
    start: 50,
    end: 400,
    capacity: 2,
    stages: [CareerStage.POSTDOC, CareerStage.PHD_CANDIDATE, CareerStage.MASTER_STUDENT],
    developed: ['DOM_BIOSTATISTICS', 'RT_SCIENTIFIC_PROGRAMMING'],
  },
  {
    status: O.COMPLETED,
    kind: OpportunityKind.INTERNSHIP,
    organisationCode: 'JANSSEN',
    title: 'Regulatory affairs internship, spring 2026 (demo)',
    description: 'Twelve weeks preparing an EMA scientific advice request.',
    deadline: -320,
    start: -260,
    end: -180,
    capacity: 3,
    stages: [CareerStage.MASTER_STUDENT, CareerStage.PHD_CANDIDATE, CareerStage.INDUSTRY_SCIENTIST],
    developed: ['DOM_REGULATORY_AFFAIRS', 'DR_SCIENTIFIC_WRITING'],
  },
  {
    status: O.COMPLETED,
    kind: OpportunityKind.EXCHANGE_SLOT,
    organisationCode: 'LUMC',
    title: 'Teaching module on GCP for industry staff (demo)',
    description: 'A two-day GCP refresher given by LUMC staff, spring 2026.',
    deadline: -250,
    start: -200,
    end: -150,
    capacity: 2,
    stages: [],
    developed: ['DOM_GOOD_CLINICAL_PRACTICE', 'DOM_TEACHING'],
  },
];

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * Standalone use (no opportunities seed) or a seed without some statuses: adds the fallback
 * opportunities of each missing status, led by seeded supervisors, so every application state has
 * somewhere to live.
 */
async function ensureOpportunityStatuses(
  em: EntityManager,
  ctx: DemoSeedContext & { people: DemoPeople },
  rng: Rng,
): Promise<void> {
  const present: { status: OpportunityStatus }[] = await em.query(
    'SELECT DISTINCT status FROM opportunities WHERE status = ANY($1)',
    [APPLIED_STATUSES],
  );
  const missing = new Set(APPLIED_STATUSES.filter((s) => !present.some((p) => p.status === s)));
  if (missing.size === 0) return;
  const { supervisorsByOrganisation, competenceIds } = ctx.people;
  const coSupervisions: Partial<CoSupervisionEntity>[] = [];
  const developed: Partial<OpportunityDevelopedCompetenceEntity>[] = [];
  const opportunities: Partial<OpportunityEntity>[] = [];
  for (const f of FALLBACK_OPPORTUNITIES) {
    if (!missing.has(f.status)) continue;
    const orgId = ctx.organisationIds.get(f.organisationCode);
    const lead = supervisorsByOrganisation[f.organisationCode]?.[opportunities.length % 2];
    if (!orgId || !lead) continue;
    const id = rng.uuid();
    opportunities.push({
      id,
      kind: f.kind,
      title: f.title,
      description: f.description,
      status: f.status,
      hostOrganisationId: orgId,
      hostDepartmentId: null,
      leadSupervisorId: lead,
      startsOn: isoDay(daysBefore(ctx.now, -f.start)),
      endsOn: isoDay(daysBefore(ctx.now, -f.end)),
      capacity: f.capacity,
      seatsTaken: 0,
      applicationDeadline: daysBefore(ctx.now, -f.deadline),
      eligibleStages: f.stages,
      language: 'en',
      workMode: WorkMode.ON_SITE,
      details: {},
      confidentialDetails: null,
    });
    for (const code of f.developed) {
      const competenceId = competenceIds.get(code);
      if (competenceId) developed.push({ opportunityId: id, competenceId });
    }
    if (f.kind === OpportunityKind.CO_SUPERVISED_PROJECT) {
      const partner = Object.entries(supervisorsByOrganisation).find(([code]) => code !== f.organisationCode);
      if (partner && partner[1].length > 0) {
        coSupervisions.push({
          opportunityId: id,
          coSupervisorId: partner[1][0],
          status: CoSupervisionStatus.ACCEPTED,
          declineReason: null,
          respondedAt: daysBefore(ctx.now, 60),
        });
      }
    }
  }
  await insertChunked(em, OpportunityEntity, opportunities);
  await insertChunked(em, OpportunityDevelopedCompetenceEntity, developed);
  await insertChunked(em, CoSupervisionEntity, coSupervisions);
}
