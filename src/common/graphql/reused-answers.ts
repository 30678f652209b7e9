import { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { FormattedExecutionResult, GraphQLResolveInfo, Kind, OperationDefinitionNode } from 'graphql';

/**
 * A root field's answer reused between requests: the executed value of the field (everything below
 * it, as graphql-js completed it), kept per operation, variables and caller-given scope, and put
 * into the answer of a later request of the same key instead of executing the field's selection
 * again. For a list page whose rows are hundreds of fields, executing them is most of the request's
 * CPU (docs/performance.md, "The 25-row page answered again"); reading them again is not.
 *
 * The field's resolver still runs on every request, after its guards and pipes (authentication,
 * roles, rate limits, argument validation: Nest's pipeline as for any resolver), and decides the
 * scope: `ReusedAnswerCache.lookup` is called from inside it. On a hit the resolver returns a stub
 * whose selection costs nothing to complete (no rows) and this plugin puts the kept value in its
 * place just before the answer is sent; on a miss the resolver works as usual and the plugin keeps
 * what graphql-js completed, when the request had no errors and nothing changed meanwhile.
 *
 * Only over HTTP through Apollo (this plugin marks those requests; graphql-ws operations never reuse)
 * and only for a query whose one root selection is the field itself, without directives. Any
 * mutation answered by this instance forgets every kept answer before its response is sent (what the
 * mutation changed is seen by the next request); changes made elsewhere are the cache owner's to
 * announce (`invalidate`).
 */

type Slot =
  | { readonly hit: true; readonly responseKey: string; readonly entry: Entry }
  | { readonly hit: false; readonly responseKey: string; readonly keep: (value: unknown) => void };

/** Requests through Apollo over HTTP (null: no root field asked to reuse or keep its answer). */
const requests = new WeakMap<object, Slot | null>();

/** Every cache of this process: a mutation forgets their answers. */
const caches = new Set<ReusedAnswerCache>();

@Plugin()
export class ReusedAnswersPlugin implements ApolloServerPlugin<object> {
  private readonly listener: GraphQLRequestListener<object> = {
    willSendResponse: ({ contextValue, response, operation }) => {
      if (operation?.operation === 'mutation') for (const cache of caches) cache.invalidate();
      const slot = requests.get(contextValue);
      if (!slot) return Promise.resolve();
      requests.delete(contextValue);
      const body = response.body;
      if (body.kind !== 'single' || body.singleResult.errors) return Promise.resolve();
      const data = body.singleResult.data as Record<string, unknown> | null | undefined;
      if (!data) return Promise.resolve();
      if (slot.hit) {
        data[slot.responseKey] = slot.entry.value;
        answersSent.set(data, slot);
      } else slot.keep(data[slot.responseKey]);
      return Promise.resolve();
    },
  };

  requestDidStart({ contextValue }: { contextValue: object }): Promise<GraphQLRequestListener<object>> {
    requests.set(contextValue, null);
    return Promise.resolve(this.listener);
  }
}

/** The data of answers being sent with a kept value (`stringifyResult` writes its JSON once). */
const answersSent = new WeakMap<object, Slot & { hit: true }>();

/**
 * Apollo's `stringifyResult` (its own is `JSON.stringify(value) + '\n'`): the same text, but a kept
 * answer's JSON is written once, when it is first answered again, and copied from then on.
 */
export function stringifyResult(result: FormattedExecutionResult): string {
  const data = result.data;
  const sent =
    data && result.errors === undefined && result.extensions === undefined && answersSent.get(data);
  if (!sent) return JSON.stringify(result) + '\n';
  const entry = sent.entry;
  entry.text ??= JSON.stringify(entry.value);
  return `{"data":{${JSON.stringify(sent.responseKey)}:${entry.text}}}\n`;
}

export interface ReusedAnswerCacheOptions {
  /** Answers kept at most (the oldest goes first). */
  max: number;
  /** The longest an answer is reused, whatever else bounds it. */
  maxAgeMs: number;
  /**
   * While changes are announced to this cache: a number that changes whenever announcements may
   * have been missed (a reconnection); null while they are not announced (nothing is reused then).
   */
  announcementsEpoch: () => number | null;
}

/** What `lookup` found: the kept answer (return `stub`), or a miss whose answer `keep` keeps. */
export type Lookup = { readonly hit: true } | { readonly hit: false; keep(validUntilMs: number): void };

interface Entry {
  readonly value: unknown;
  /** The value's JSON, once written. */
  text?: string;
  readonly generation: number;
  readonly epoch: number;
  readonly expiresAt: number;
}

/** Operations whose one root selection is a field without directives: their number, else 0. */
const eligibleOperations = new WeakMap<OperationDefinitionNode, number>();
let operationCount = 0;

function operationIdOf(info: GraphQLResolveInfo): number {
  const operation = info.operation;
  let id = eligibleOperations.get(operation);
  if (id === undefined) {
    const selections = operation.selectionSet.selections;
    const eligible =
      operation.operation === 'query' &&
      selections.length === 1 &&
      selections[0].kind === Kind.FIELD &&
      info.fieldNodes.length === 1 &&
      selections[0] === info.fieldNodes[0] &&
      !selections[0].directives?.length;
    id = eligible ? ++operationCount : 0;
    eligibleOperations.set(operation, id);
  }
  return id;
}

/** Kept answers of one root field. Instances live as long as the app (`close` on shutdown). */
export class ReusedAnswerCache {
  private generation = 0;
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: ReusedAnswerCacheOptions) {
    caches.add(this);
  }

  /** Forgets every kept answer, and every answer being read now (a change was announced). */
  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }

  close(): void {
    caches.delete(this);
    this.entries.clear();
  }

  /** Kept answers now (tests, metrics). */
  get size(): number {
    return this.entries.size;
  }

  /**
   * From the root field's resolver, after its guards and pipes: the kept answer of this operation
   * and variables for `scope` (a text naming everything of the viewer the answer depends on), or
   * null when this request may not reuse nor keep one (return the real value then).
   */
  lookup(context: object, info: GraphQLResolveInfo, scope: string, nowMs: number): Lookup | null {
    if (requests.get(context) !== null) return null;
    const operationId = operationIdOf(info);
    if (operationId === 0) return null;
    const epoch = this.options.announcementsEpoch();
    if (epoch === null) {
      if (this.entries.size > 0) this.invalidate();
      return null;
    }
    const key = `${operationId}\u0000${scope}\u0000${JSON.stringify(info.variableValues)}`;
    const responseKey = info.path.key as string;
    const entry = this.entries.get(key);
    if (entry) {
      if (entry.generation === this.generation && entry.epoch === epoch && nowMs < entry.expiresAt) {
        requests.set(context, { hit: true, responseKey, entry });
        return HIT;
      }
      this.entries.delete(key);
    }
    const generation = this.generation;
    return {
      hit: false,
      keep: (validUntilMs: number) => {
        const expiresAt = Math.min(validUntilMs, nowMs + this.options.maxAgeMs);
        requests.set(context, {
          hit: false,
          responseKey,
          keep: (value) => {
            // Not when a change was announced while this answer was read (it may predate it).
            if (generation !== this.generation || this.options.announcementsEpoch() !== epoch) return;
            if (Date.now() >= expiresAt) return;
            if (this.entries.size >= this.options.max) {
              const oldest = this.entries.keys().next();
              if (!oldest.done) this.entries.delete(oldest.value);
            }
            this.entries.set(key, { value, generation, epoch, expiresAt });
          },
        });
      },
    };
  }
}

const HIT: Lookup = { hit: true };
