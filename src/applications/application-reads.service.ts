import { Injectable } from '@nestjs/common';
import { applicationFollowKeysOf } from '../access/access.policy';
import { PersonalDataAudit } from '../audit/audit.service';
import { PersonalDataReadKind } from '../audit/models/personal-data-read.model';
import { isUUID } from 'class-validator';
import { AuthUser } from '../common/auth/auth-user';
import { decodeCursor, encodeCursor, invalidCursor } from '../common/graphql/pagination';
import {
  ApplicationStatusChangedEvent,
  NotificationsPublisher,
} from '../notifications/notifications.publisher';
import { ApplicationContextRepository } from './application-context.repository';
import { ApplicationHosts, managesHost } from './application-hosts';
import { applicationNotFound } from './applications.errors';
import { ApplicationsRepository } from './applications.repository';
import {
  ApplicantsConnectionArgs,
  ApplicationsForOpportunityArgs,
  MyApplicationsArgs,
} from './dto/application.inputs';
import { ApplicationConnectionModel } from './models/application.model';
import { ApplicationRead } from './entities/application-state.entity';

/** Reading applications: the candidate's own, one the viewer may read, an opportunity's for its host. */
@Injectable()
export class ApplicationReadsService {
  constructor(
    private readonly repo: ApplicationsRepository,
    private readonly context: ApplicationContextRepository,
    private readonly hosts: ApplicationHosts,
    private readonly publisher: NotificationsPublisher,
    private readonly audit: PersonalDataAudit,
  ) {}

  myApplications(viewer: AuthUser, args: MyApplicationsArgs): Promise<ApplicationRead[]> {
    return this.repo.listOfCandidate(viewer.id, args);
  }

  /** The candidate, host staff, HR of the host organisation and admins; everyone else: not found. */
  async get(viewer: AuthUser, id: string): Promise<ApplicationRead> {
    const application = await this.repo.findById(id);
    if (!application) throw applicationNotFound();
    if (application.candidateId === viewer.id) return application;
    const opportunity = await this.context.findOpportunity(application.opportunityId);
    if (!opportunity || !managesHost(viewer, await this.hosts.hostOf(opportunity))) {
      throw applicationNotFound();
    }
    return application;
  }

  async forOpportunity(viewer: AuthUser, args: ApplicationsForOpportunityArgs): Promise<ApplicationRead[]> {
    await this.hosts.managedOpportunity(viewer, args.opportunityId);
    const applications = await this.repo.listOfOpportunity(args.opportunityId, args);
    await this.audit.recordReads(
      viewer,
      PersonalDataReadKind.APPLICATIONS,
      applications.map((a) => a.candidateId),
    );
    return applications;
  }

  /** The same applications as `forOpportunity`, as keyset pages (oldest first); each page's reads audited. */
  async applicantsPage(
    viewer: AuthUser,
    args: ApplicantsConnectionArgs,
  ): Promise<ApplicationConnectionModel> {
    const after = args.after ? decodeCursor(args.after, APPLICANTS_ORDER, 2) : null;
    if (after && !(CURSOR_TIME.test(after[0]) && isUUID(after[1]))) throw invalidCursor();
    await this.hosts.managedOpportunity(viewer, args.opportunityId);
    const { rows, hasNextPage } = await this.repo.pageOfOpportunity(args.opportunityId, {
      status: args.status,
      first: args.first,
      after: after ? [after[0], after[1]] : null,
    });
    await this.audit.recordReads(
      viewer,
      PersonalDataReadKind.APPLICATIONS,
      rows.map((r) => r.application.candidateId),
    );
    const edges = rows.map(({ application, sortKey }) => ({
      cursor: encodeCursor(APPLICANTS_ORDER, [sortKey, application.id]),
      node: application,
    }));
    return {
      edges,
      pageInfo: { hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
      count: () => this.repo.countOfOpportunity(args.opportunityId, args.status),
    };
  }

  /** Live status changes; with an id, only of that application (not found unless the viewer may read it). */
  async statusChanges(
    viewer: AuthUser,
    applicationId: string | null,
  ): Promise<AsyncIterableIterator<ApplicationStatusChangedEvent>> {
    if (applicationId) await this.get(viewer, applicationId);
    return this.publisher.applicationStatusChangedEventsOf(applicationFollowKeysOf(viewer));
  }
}

const APPLICANTS_ORDER = 'APPLICANTS_OLDEST';
const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
