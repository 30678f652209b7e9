import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { GraphQLResolveInfo, OperationDefinitionNode } from 'graphql';
import { opportunityVisibility } from '../access/access.policy';
import { AuthUser } from '../common/auth/auth-user';
import { LiveEvents } from '../common/events/live-events';
import { Lookup, ReusedAnswerCache } from '../common/graphql/reused-answers';
import { selectedFields } from '../common/graphql/selection';
import { OpportunityConnectionModel } from './models/opportunity.model';

/**
 * Announced at commit by the triggers of migration OpportunityPageChangeNotifications on every
 * table a page can show or whose rows decide who sees what (opportunities, their requirements and
 * developed competences, co-supervisions, competences and their areas, organisations, departments,
 * users' names and organisations, applications), over the live events channel: every instance.
 */
export const OPPORTUNITY_PAGES_CHANGED = 'opportunities.pages-changed';

/** Pages kept per instance (about 10 to 40 KB each for 25 rows with their relations). */
const MAX_PAGES = 500;
/** The longest a page is answered again: a bound should a notification ever go astray. */
const MAX_AGE_MS = 30_000;

/** The stand-in a reused page's resolver returns: no rows, nothing read; its answer is replaced. */
const REUSED: OpportunityConnectionModel = {
  edges: [],
  pageInfo: { hasNextPage: false, endCursor: null },
  count: () => Promise.resolve(0),
};

/**
 * The `opportunities` pages answered again to the same viewer for the same operation and
 * variables, until anything they show or their visibility depends on changes (the staleness
 * contract: docs/opportunity-page-answers.md). Who sees what stays the access
 * policy's (`opportunityVisibility`); a page is kept per viewer (id, organisation, roles) and
 * visibility scope, never shared between viewers.
 */
@Injectable()
export class OpportunityPageAnswers implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(OpportunityPageAnswers.name);
  private readonly cache: ReusedAnswerCache;
  private readonly countsRows = new WeakMap<OperationDefinitionNode, boolean>();
  private changes: AsyncIterableIterator<unknown> | null = null;

  constructor(private readonly events: LiveEvents) {
    this.cache = new ReusedAnswerCache({
      max: MAX_PAGES,
      maxAgeMs: MAX_AGE_MS,
      announcementsEpoch: () => events.listeningEpoch,
    });
  }

  onModuleInit(): void {
    const changes = this.events.subscribe<unknown>(OPPORTUNITY_PAGES_CHANGED);
    this.changes = changes;
    void (async () => {
      try {
        for await (const _change of changes) this.cache.invalidate();
      } catch (err) {
        this.logger.error(`page changes no longer followed: ${String(err)}`);
        this.cache.close();
      }
    })();
  }

  async onModuleDestroy(): Promise<void> {
    this.cache.close();
    await this.changes?.return?.();
  }

  /** Pages kept now. */
  get size(): number {
    return this.cache.size;
  }

  /**
   * The viewer's kept page for this operation (`hit`: return `reused()`), or how to keep the one
   * being read; null when the page is read and answered as usual (a `totalCount` counts rows that
   * leave the list as deadlines pass, outside the page: never kept).
   */
  lookup(context: object, info: GraphQLResolveInfo, viewer: AuthUser): Lookup | null {
    if (this.countsRows.get(info.operation) ?? this.countsRowsOf(info)) return null;
    const scope = JSON.stringify([
      viewer.id,
      viewer.organisationId,
      viewer.roles,
      opportunityVisibility(viewer),
    ]);
    return this.cache.lookup(context, info, scope, Date.now());
  }

  reused(): OpportunityConnectionModel {
    return REUSED;
  }

  private countsRowsOf(info: GraphQLResolveInfo): boolean {
    const counts = selectedFields(info, [])?.has('totalCount') ?? false;
    this.countsRows.set(info.operation, counts);
    return counts;
  }
}
