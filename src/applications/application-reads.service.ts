import { Injectable } from '@nestjs/common';
import { applicationFollowKeysOf } from '../access/access.policy';
import { PersonalDataAudit } from '../audit/audit.service';
import { PersonalDataReadKind } from '../audit/models/personal-data-read.model';
import { AuthUser } from '../common/auth/auth-user';
import {
  ApplicationStatusChangedEvent,
  NotificationsPublisher,
} from '../notifications/notifications.publisher';
import { ApplicationContextRepository } from './application-context.repository';
import { ApplicationHosts, managesHost } from './application-hosts';
import { applicationNotFound } from './applications.errors';
import { ApplicationsRepository } from './applications.repository';
import { ApplicationsForOpportunityArgs, MyApplicationsArgs } from './dto/application.inputs';
import { ApplicationEntity } from './entities/application.entity';

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

  myApplications(viewer: AuthUser, args: MyApplicationsArgs): Promise<ApplicationEntity[]> {
    return this.repo.listOfCandidate(viewer.id, args);
  }

  /** The candidate, host staff, HR of the host organisation and admins; everyone else: not found. */
  async get(viewer: AuthUser, id: string): Promise<ApplicationEntity> {
    const application = await this.repo.findById(id);
    if (!application) throw applicationNotFound();
    if (application.candidateId === viewer.id) return application;
    const opportunity = await this.context.findOpportunity(application.opportunityId);
    if (!opportunity || !managesHost(viewer, await this.hosts.hostOf(opportunity))) {
      throw applicationNotFound();
    }
    return application;
  }

  async forOpportunity(viewer: AuthUser, args: ApplicationsForOpportunityArgs): Promise<ApplicationEntity[]> {
    await this.hosts.managedOpportunity(viewer, args.opportunityId);
    const applications = await this.repo.listOfOpportunity(args.opportunityId, args);
    await this.audit.recordReads(
      viewer,
      PersonalDataReadKind.APPLICATIONS,
      applications.map((a) => a.candidateId),
    );
    return applications;
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
