import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { managesOpportunity } from '../access/access.policy';
import { AuthUser } from '../common/auth/auth-user';
import { OpportunityEntity } from '../opportunities/entities/opportunity.entity';
import { ApplicationContextRepository } from './application-context.repository';
import { opportunityNotFound } from './applications.errors';

/** An opportunity with the people who host it. */
export interface Host {
  opportunity: OpportunityEntity;
  /** Co-supervisors who accepted. */
  coSupervisorIds: string[];
}

/** Host staff (lead supervisor, an accepted co-supervisor), HR of the host organisation, or an admin. */
export function managesHost(viewer: AuthUser, host: Host): boolean {
  return managesOpportunity(viewer, host.opportunity, host.coSupervisorIds);
}

/** The applications feature's view of who hosts an opportunity, shared by its use cases. */
@Injectable()
export class ApplicationHosts {
  constructor(private readonly context: ApplicationContextRepository) {}

  /** The opportunity when the viewer hosts it (staff, HR of the host, admin); else not found. */
  async managedOpportunity(
    viewer: AuthUser,
    opportunityId: string,
    em?: EntityManager,
  ): Promise<OpportunityEntity> {
    const opportunity = await this.context.findOpportunity(opportunityId, em);
    if (!opportunity || !managesHost(viewer, await this.hostOf(opportunity, em))) {
      throw opportunityNotFound();
    }
    return opportunity;
  }

  async hostOf(opportunity: OpportunityEntity, em?: EntityManager): Promise<Host> {
    const coSupervisors = await this.context.acceptedCoSupervisors([opportunity.id], em);
    return { opportunity, coSupervisorIds: coSupervisors.get(opportunity.id) ?? [] };
  }
}
