import { Injectable } from '@nestjs/common';
import { AuthUser } from '../common/auth/auth-user';
import { TransactionRunner } from '../common/database/transaction';
import { ApplicationEvent } from '../core/applications/application-workflow';
import { ApplicationStatus } from '../core/domain/enums';
import { ApplicationContextRepository } from './application-context.repository';
import { ApplicationHosts, managesHost } from './application-hosts';
import { ApplicationTransitions } from './application-transitions';
import { applicationNotFound, noSeatsLeft, violates } from './applications.errors';
import { ApplicationsRepository } from './applications.repository';
import { ApplicationRead } from './entities/application-state.entity';

/** Events the candidate fires; the others are the host's (or the system's). */
const CANDIDATE_EVENTS: ReadonlySet<ApplicationEvent> = new Set(['WITHDRAW', 'ACCEPT', 'DECLINE']);

const EXPIRY_BATCH = 500;

function textOrNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/**
 * The workflow steps of an application (core/applications/application-workflow.ts) by the candidate
 * and the host, and the system's expiry of offers. Every status change goes through
 * ApplicationTransitions.
 */
@Injectable()
export class ApplicationWorkflowService {
  constructor(
    private readonly repo: ApplicationsRepository,
    private readonly context: ApplicationContextRepository,
    private readonly hosts: ApplicationHosts,
    private readonly tx: TransactionRunner,
    private readonly transitions: ApplicationTransitions,
  ) {}

  withdraw(viewer: AuthUser, id: string, reason?: string | null): Promise<ApplicationRead> {
    return this.step(viewer, id, 'WITHDRAW', { reason });
  }

  shortlist(viewer: AuthUser, id: string): Promise<ApplicationRead> {
    return this.step(viewer, id, 'SHORTLIST', {});
  }

  reject(viewer: AuthUser, id: string, reason?: string | null): Promise<ApplicationRead> {
    return this.step(viewer, id, 'REJECT', { reason });
  }

  offer(viewer: AuthUser, id: string, responseDeadline: Date): Promise<ApplicationRead> {
    return this.step(viewer, id, 'OFFER', { responseDeadline });
  }

  accept(viewer: AuthUser, id: string): Promise<ApplicationRead> {
    return this.step(viewer, id, 'ACCEPT', {});
  }

  decline(viewer: AuthUser, id: string, reason?: string | null): Promise<ApplicationRead> {
    return this.step(viewer, id, 'DECLINE', { reason });
  }

  complete(viewer: AuthUser, id: string): Promise<ApplicationRead> {
    return this.step(viewer, id, 'COMPLETE', {});
  }

  /** The host records that the candidate did not turn up for an accepted placement that has begun. */
  recordNoShow(viewer: AuthUser, id: string, reason?: string | null): Promise<ApplicationRead> {
    return this.step(viewer, id, 'RECORD_NO_SHOW', { reason });
  }

  /**
   * One workflow step in one transaction: lock the opportunity (its seats and open offers are at
   * stake; the same order as the opportunity's own steps, which lock it before its applications),
   * then the application, authorise, then ApplicationTransitions decides (the core), takes a seat
   * when the step says so, persists the status, the transition and its notifications (published
   * after commit).
   */
  private async step(
    viewer: AuthUser,
    id: string,
    event: ApplicationEvent,
    opts: { reason?: string | null; responseDeadline?: Date },
  ): Promise<ApplicationRead> {
    const now = new Date();
    let done: ApplicationRead;
    try {
      done = await this.tx.run(async (em) => {
        const seen = await this.repo.findById(id, em);
        if (!seen) throw applicationNotFound();
        const opportunity = await this.context.findOpportunity(seen.opportunityId, em, 'pessimistic_write');
        const application = await this.repo.findByIdForUpdate(id, em);
        if (!opportunity || !application) throw applicationNotFound();
        const host = await this.hosts.hostOf(opportunity, em);
        const isCandidate = application.candidateId === viewer.id;
        const isHost = managesHost(viewer, host);
        if (!isCandidate && !isHost) throw applicationNotFound();

        // The last seat taken closed the other offers: who answers one late hears why.
        if (event === 'ACCEPT' && isCandidate && opportunity.seatsTaken >= opportunity.capacity) {
          throw noSeatsLeft();
        }
        const byCandidate = CANDIDATE_EVENTS.has(event) ? isCandidate : !isHost;
        await this.transitions.applyMany(
          em,
          [
            {
              applicationId: application.id,
              event,
              reason: textOrNull(opts.reason),
              responseDeadline: opts.responseDeadline ?? null,
            },
          ],
          { kind: byCandidate ? 'CANDIDATE' : 'HOST', userId: viewer.id },
          { now },
        );
        return this.repo.findByIdOrFail(application.id, em);
      });
    } catch (err) {
      if (violates(err, 'ck_opportunities_seats')) throw noSeatsLeft();
      throw err;
    }
    return done;
  }

  /**
   * Expires every offer whose response deadline passed before `now`, in batches of 500, each batch
   * one transaction. Rows another instance holds are skipped (FOR UPDATE SKIP LOCKED), so several
   * instances may run this at once and each offer expires exactly once. Returns how many expired.
   */
  async expireDueOffers(now: Date = new Date()): Promise<number> {
    let total = 0;
    for (;;) {
      const expired = await this.tx.run(async (em) => {
        const due = await this.repo.lockDueOffers(now, EXPIRY_BATCH, em);
        const { applied } = await this.transitions.applyMany(
          em,
          due.map((applicationId) => ({
            applicationId,
            event: 'EXPIRE' as const,
            expectedFrom: ApplicationStatus.OFFERED,
            reason: 'the response deadline passed',
          })),
          { kind: 'SYSTEM', userId: null },
          { now },
        );
        return applied;
      });
      total += expired.length;
      if (expired.length < EXPIRY_BATCH) return total;
    }
  }
}
