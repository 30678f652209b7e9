import { Injectable } from '@nestjs/common';
import { opportunityVisibility } from '../access/access.policy';
import { AuthUser } from '../common/auth/auth-user';
import { decodeCursor, invalidCursor, KeysetEdge, keysetPageInfo } from '../common/graphql/pagination';
import { OpportunitiesArgs } from './dto/opportunity.inputs';
import {
  CoSupervisionEntity,
  OpportunityDevelopedCompetenceEntity,
  OpportunityEntity,
  OpportunityRequirementEntity,
} from './entities/opportunity.entity';
import { OpportunityConnectionModel } from './models/opportunity.model';
import { UUID } from './opportunity-decisions';
import { opportunityNotFound } from './opportunities.errors';
import { OpportunitiesRepository, PageRead, VisibilityScope } from './opportunities.repository';

const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;

/**
 * Reading opportunities: one the viewer can see (NOT_FOUND otherwise), a browsed page, a supervisor's
 * own. Other features read opportunities through this service.
 */
@Injectable()
export class OpportunityReadsService {
  constructor(private readonly repo: OpportunitiesRepository) {}

  async get(viewer: AuthUser, id: string): Promise<OpportunityEntity> {
    if (!UUID.test(id)) throw opportunityNotFound();
    const opportunity = await this.repo.findById(id);
    if (!opportunity || !(await this.repo.isVisible(id, opportunityVisibility(viewer), new Date()))) {
      throw opportunityNotFound();
    }
    return opportunity;
  }

  /** A page; `read`: the columns the client asks for, and the requirements when it does (one statement). */
  async list(
    viewer: AuthUser,
    args: OpportunitiesArgs,
    read: PageRead = { columns: 'all', requirements: null },
  ): Promise<OpportunityConnectionModel> {
    return (await this.page(opportunityVisibility(viewer), args, read)).connection;
  }

  /**
   * A page read under `scope` (the viewer's, or one shared by many viewers: page-answers.ts), and
   * until when the same statements would give the same answer if nothing were written
   * (`stableUntil()`, ms, once the answer is complete: the first application deadline to come among
   * the rows read and, when `totalCount` was asked, among all rows counted; visibility depends on
   * it. Infinity when none is to come: only writes change such a page).
   */
  async page(
    scope: VisibilityScope,
    args: OpportunitiesArgs,
    read: PageRead,
  ): Promise<{ connection: OpportunityConnectionModel; stableUntil: () => number }> {
    const now = new Date();
    const filter = args.filter ?? {};
    let after: string[] | null = null;
    if (args.after) {
      after = decodeCursor(args.after, args.orderBy, 2);
      if (!PG_TIMESTAMP.test(after[0]) || !UUID.test(after[1])) {
        throw invalidCursor();
      }
    }
    const columns =
      read.columns === 'all' ? read.columns : new Set([...read.columns, 'applicationDeadline' as const]);
    const { rows, hasNextPage, earliestDeadline } = await this.repo.findPage(
      scope,
      filter,
      args.orderBy,
      args.first,
      after,
      now,
      { columns, requirements: read.requirements },
    );
    let until = earliestDeadline?.getTime() ?? Number.POSITIVE_INFINITY;
    // Cursors are encoded when the client selects them (edges { cursor }, pageInfo { endCursor }).
    const edges = rows.map((r) => new KeysetEdge(r.opportunity, args.orderBy, [r.sortKey, r.opportunity.id]));
    return {
      connection: {
        edges,
        pageInfo: keysetPageInfo(edges, hasNextPage),
        count: () =>
          this.repo.countMatching(scope, filter, now).then(({ count, earliestDeadline: counted }) => {
            if (counted) until = Math.min(until, counted.getTime());
            return count;
          }),
      },
      stableUntil: () => until,
    };
  }

  /**
   * Whether the viewer sees opportunities beyond the scope shared with others (see
   * `OpportunitiesRepository.personalReach`), and until when that answer holds with nothing written
   * (ms).
   */
  async personalReach(
    userId: string,
    hrOrganisationId: string | null,
  ): Promise<{ personal: boolean; until: number }> {
    const { personal, until } = await this.repo.personalReach(userId, hrOrganisationId, new Date());
    return { personal, until: until?.getTime() ?? Number.POSITIVE_INFINITY };
  }

  /** The opportunities the supervisor leads or co-supervises, in every state. */
  mine(viewer: AuthUser): Promise<OpportunityEntity[]> {
    return this.repo.findOfSupervisor(viewer.id);
  }

  myCoSupervisions(viewer: AuthUser): Promise<CoSupervisionEntity[]> {
    return this.repo.findActiveCoSupervisionsOf(viewer.id);
  }

  /** The requirements of these opportunities with their competences (no access check: ids the caller may read). */
  requirementsOf(opportunityIds: readonly string[]): Promise<OpportunityRequirementEntity[]> {
    return this.repo.findRequirementsOfMany(opportunityIds);
  }

  /** The competences these opportunities develop (no access check: ids the caller may read). */
  developedCompetencesOf(opportunityIds: readonly string[]): Promise<OpportunityDevelopedCompetenceEntity[]> {
    return this.repo.findDevelopedCompetencesOfMany(opportunityIds);
  }
}
