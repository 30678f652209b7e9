import { Injectable } from '@nestjs/common';
import { FieldNode, GraphQLResolveInfo, Kind, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import { opportunityVisibility } from '../access/access.policy';
import { AuthUser } from '../common/auth/auth-user';
import { MissedLookup, ReusedAnswerCache, ReusedAnswers } from '../common/graphql/reused-answers';
import { OpportunityConnectionModel } from './models/opportunity.model';
import { VisibilityScope } from './opportunities.repository';
import { OpportunityReadsService } from './opportunity-reads.service';

/** Pages kept per instance (about 10 to 40 KB each for 25 rows with their relations). */
const MAX_PAGES = 2_000;
/** The longest a page, or a viewer's scope, is reused: the bound for what no notification announces. */
export const MAX_AGE_MS = 30_000;
/** Viewers whose scope is remembered per instance. */
const MAX_VIEWERS = 20_000;

/**
 * Fields whose value depends on the viewer (and, for `confidentialDetails`, on the viewer's
 * applications' status): a page selecting one of them anywhere is read and executed every time.
 */
const VIEWER_FIELDS: ReadonlySet<string> = new Set(['confidentialDetails', 'reviewComment']);

/** The stand-in a reused page's resolver returns: no rows, nothing read; its answer is replaced. */
const REUSED: OpportunityConnectionModel = {
  edges: [],
  pageInfo: { hasNextPage: false, endCursor: null },
  count: () => Promise.resolve(0),
};

/** What a page is read under and shared by: `key` names the scope in the cache. */
interface PageScope {
  readonly key: string;
  readonly scope: VisibilityScope;
}

interface ViewerReach {
  readonly personal: boolean;
  readonly generation: number;
  readonly expiresAt: number;
}

/** A decided lookup: the kept page (`hit`), or the page to read under `scope` and keep. */
export type PageLookup =
  | { readonly hit: true }
  | { readonly hit: false; readonly scope: VisibilityScope; readonly kept: MissedLookup | null };

/**
 * The `opportunities` pages answered again, shared by every viewer who would be given the same
 * answer (the contract: docs/opportunity-page-answers.md):
 * - admins: one scope (they see everything);
 * - anyone else who sees nothing beyond the OPEN opportunities before their deadline (and, for HR,
 *   their organisation's): one scope per HR organisation (or none), read under that scope only, so
 *   nothing personal can enter a shared page;
 * - a viewer who leads, co-supervises or applied to an opportunity outside it: their own pages,
 *   read under their own visibility.
 * Per operation, root field and variables; never when a viewer-dependent field is selected.
 */
@Injectable()
export class OpportunityPageAnswers {
  private readonly cache: ReusedAnswerCache;
  private readonly viewerFields = new WeakMap<OperationDefinitionNode, Map<FieldNode, boolean>>();
  /** Viewers' reach, valid while the cache's generation is the one it was read in. */
  private readonly reach = new Map<string, ViewerReach>();

  constructor(
    answers: ReusedAnswers,
    private readonly reads: OpportunityReadsService,
  ) {
    this.cache = answers.cache({ max: MAX_PAGES, maxAgeMs: MAX_AGE_MS });
  }

  /** Pages kept now. */
  get size(): number {
    return this.cache.size;
  }

  /**
   * The kept page for this request (`hit`: return `reused()`), or the scope to read it under and how
   * to keep it (`kept` null: not kept); null when the page is read under the viewer's own visibility
   * and answered as usual.
   */
  lookup(
    context: object,
    info: GraphQLResolveInfo,
    viewer: AuthUser,
  ): PageLookup | null | Promise<PageLookup | null> {
    if (!this.cache.eligible(context, info) || this.selectsViewerFields(info)) return null;
    const now = Date.now();
    const shared = opportunityVisibility(viewer);
    if (shared.all) return this.decide(context, info, { key: 'all', scope: shared }, now);
    const sharedScope: PageScope = {
      key: `shared\u0000${shared.hrOrganisationId ?? ''}`,
      scope: { all: false, userId: null, hrOrganisationId: shared.hrOrganisationId },
    };
    const ownScope: PageScope = {
      key: `viewer\u0000${viewer.id}\u0000${shared.hrOrganisationId ?? ''}`,
      scope: shared,
    };
    const known = this.reach.get(viewer.id);
    if (known && known.generation === this.cache.generation && now < known.expiresAt) {
      return this.decide(context, info, known.personal ? ownScope : sharedScope, now);
    }
    const generation = this.cache.generation;
    return this.reads.personalReach(viewer.id, shared.hrOrganisationId).then(({ personal, until }) => {
      if (generation === this.cache.generation) {
        if (this.reach.size >= MAX_VIEWERS) {
          const oldest = this.reach.keys().next();
          if (!oldest.done) this.reach.delete(oldest.value);
        }
        this.reach.delete(viewer.id);
        this.reach.set(viewer.id, { personal, generation, expiresAt: Math.min(until, now + MAX_AGE_MS) });
      }
      return this.decide(context, info, personal ? ownScope : sharedScope, now);
    });
  }

  reused(): OpportunityConnectionModel {
    return REUSED;
  }

  private decide(context: object, info: GraphQLResolveInfo, page: PageScope, now: number): PageLookup {
    const kept = this.cache.lookup(context, info, page.key, now);
    if (kept?.hit) return kept;
    return { hit: false, scope: page.scope, kept };
  }

  private selectsViewerFields(info: GraphQLResolveInfo): boolean {
    let perOperation = this.viewerFields.get(info.operation);
    if (!perOperation) this.viewerFields.set(info.operation, (perOperation = new Map()));
    const node = info.fieldNodes[0];
    let selects = perOperation.get(node);
    if (selects === undefined) {
      selects = selectsAny(node.selectionSet, info, new Set());
      perOperation.set(node, selects);
    }
    return selects;
  }
}

/** Whether a selection names a viewer-dependent field anywhere below it (fragments followed). */
function selectsAny(set: SelectionSetNode | undefined, info: GraphQLResolveInfo, seen: Set<string>): boolean {
  if (!set) return false;
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) {
      if (VIEWER_FIELDS.has(s.name.value) || selectsAny(s.selectionSet, info, seen)) return true;
    } else if (s.kind === Kind.INLINE_FRAGMENT) {
      if (selectsAny(s.selectionSet, info, seen)) return true;
    } else if (!seen.has(s.name.value)) {
      seen.add(s.name.value);
      if (selectsAny(info.fragments[s.name.value]?.selectionSet, info, seen)) return true;
    }
  }
  return false;
}
