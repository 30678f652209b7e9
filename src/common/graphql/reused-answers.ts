import { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { LiveEvents } from '../events/live-events';
import { FormattedExecutionResult, GraphQLResolveInfo, Kind, OperationDefinitionNode } from 'graphql';

/**
 * A root field's answer reused between requests: the executed value of the field (everything below
 * it, as graphql-js completed it), kept per operation, root field, variables and caller-given scope,
 * and put into the answer of a later request of the same key instead of executing the field's
 * selection again. For a list page whose rows are hundreds of fields, executing them is most of the
 * request's CPU (docs/performance.md, "The 25-row page answered again"); reading them again is not.
 *
 * The field's resolver still runs on every request, after its guards and pipes (authentication,
 * roles, rate limits, argument validation: Nest's pipeline as for any resolver), and decides the
 * scope: `ReusedAnswerCache.lookup` is called from inside it. On a hit the resolver returns a stub
 * whose selection costs nothing to complete (no rows) and this plugin puts the kept value in its
 * place just before the answer is sent; on a miss the resolver works as usual and the plugin keeps
 * what graphql-js completed, when the request had no errors and nothing changed meanwhile. Other
 * root fields of the operation are executed as usual beside it (each reusing root field has its
 * own slot).
 *
 * Only over HTTP through Apollo (this plugin marks those requests; graphql-ws operations never reuse)
 * and only in a query whose root selections are all plain fields (no fragments, no directives, no
 * response key twice). Any mutation answered by this instance forgets every kept answer before its
 * response is sent (what the mutation changed is seen by the next request); changes made elsewhere
 * are the cache owner's to announce (`invalidate`).
 */

type HitSlot = { readonly hit: true; readonly entry: Entry };
type MissSlot = { readonly hit: false; readonly keep: (value: unknown) => void };
type Slot = HitSlot | MissSlot;

/** Requests through Apollo over HTTP: the slots of their reusing root fields, by response key. */
const requests = new WeakMap<object, Map<string, Slot>>();

/** Every cache of this process: a mutation forgets their answers. */
const caches = new Set<ReusedAnswerCache>();

@Plugin()
export class ReusedAnswersPlugin implements ApolloServerPlugin<object> {
  private readonly listener: GraphQLRequestListener<object> = {
    willSendResponse: ({ contextValue, response, operation }) => {
      if (operation?.operation === 'mutation') for (const cache of caches) cache.invalidate();
      const slots = requests.get(contextValue);
      if (!slots || slots.size === 0) return Promise.resolve();
      requests.delete(contextValue);
      const body = response.body;
      if (body.kind !== 'single') return Promise.resolve();
      const data = body.singleResult.data as Record<string, unknown> | null | undefined;
      if (!data) return Promise.resolve();
      const errors = body.singleResult.errors !== undefined;
      let hits: Map<string, HitSlot> | null = null;
      for (const [responseKey, slot] of slots) {
        if (!(responseKey in data)) continue;
        if (slot.hit) {
          // Always in place of the stub, errors elsewhere or not: the stub is never sent.
          data[responseKey] = slot.entry.value;
          (hits ??= new Map()).set(responseKey, slot);
        } else if (!errors) slot.keep(data[responseKey]);
      }
      if (hits) answersSent.set(data, hits);
      return Promise.resolve();
    },
  };

  requestDidStart({ contextValue }: { contextValue: object }): Promise<GraphQLRequestListener<object>> {
    requests.set(contextValue, new Map());
    return Promise.resolve(this.listener);
  }
}

/** The data of answers being sent with kept values (`stringifyResult` writes their JSON once). */
const answersSent = new WeakMap<object, Map<string, HitSlot>>();

/**
 * Apollo's `stringifyResult` (its own is `JSON.stringify(value) + '\n'`): the same text, but a kept
 * answer's JSON is written once, when it is first answered again, and copied from then on.
 */
export function stringifyResult(result: FormattedExecutionResult): string {
  const data = result.data as Record<string, unknown> | null | undefined;
  const sent =
    data && result.errors === undefined && result.extensions === undefined && answersSent.get(data);
  if (!sent) return JSON.stringify(result) + '\n';
  let text = '{"data":{';
  let first = true;
  for (const key of Object.keys(data)) {
    const value = data[key];
    if (value === undefined) continue;
    const slot = sent.get(key);
    let json: string;
    if (slot && slot.entry.value === value) json = slot.entry.text ??= JSON.stringify(value);
    else json = JSON.stringify(value);
    text += `${first ? '' : ','}${JSON.stringify(key)}:${json}`;
    first = false;
  }
  return `${text}}}\n`;
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

/**
 * What `lookup` found: the kept answer (return the stub), or a miss whose answer `keep` keeps until
 * `validUntilMs()` (asked when the answer is complete, so that fields resolved after the root one
 * can bound it too).
 */
export type Lookup = { readonly hit: true } | MissedLookup;
export type MissedLookup = { readonly hit: false; keep(validUntilMs: () => number): void };

interface Entry {
  readonly value: unknown;
  /** The value's JSON, once written. */
  text?: string;
  readonly generation: number;
  readonly epoch: number;
  readonly expiresAt: number;
}

/** Operations whose root selections are all plain fields with distinct response keys: their number, else 0. */
const eligibleOperations = new WeakMap<OperationDefinitionNode, number>();
let operationCount = 0;

function operationIdOf(info: GraphQLResolveInfo): number {
  const operation = info.operation;
  let id = eligibleOperations.get(operation);
  if (id === undefined) {
    const keys = new Set<string>();
    let eligible = operation.operation === 'query';
    for (const selection of operation.selectionSet.selections) {
      if (selection.kind !== Kind.FIELD || selection.directives?.length) {
        eligible = false;
        break;
      }
      const key = selection.alias?.value ?? selection.name.value;
      if (keys.has(key)) eligible = false;
      keys.add(key);
    }
    id = eligible ? ++operationCount : 0;
    eligibleOperations.set(operation, id);
  }
  return id;
}

/** Kept answers of one root field. Instances live as long as the app (`close` on shutdown). */
export class ReusedAnswerCache {
  private generationCount = 0;
  private closed = false;
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: ReusedAnswerCacheOptions) {
    caches.add(this);
  }

  /** Forgets every kept answer, and every answer being read now (a change was announced). */
  invalidate(): void {
    this.generationCount++;
    this.entries.clear();
  }

  /** Nothing kept nor reused from now on. */
  close(): void {
    this.closed = true;
    caches.delete(this);
    this.entries.clear();
  }

  /** Kept answers now (tests, metrics). */
  get size(): number {
    return this.entries.size;
  }

  /** A number that changes with every `invalidate` (what the owner keeps beside answers can follow it). */
  get generation(): number {
    return this.generationCount;
  }

  /** Whether this request may reuse or keep an answer here at all (cheap: before deciding a scope). */
  eligible(context: object, info: GraphQLResolveInfo): boolean {
    return (
      !this.closed &&
      requests.has(context) &&
      operationIdOf(info) !== 0 &&
      this.options.announcementsEpoch() !== null
    );
  }

  /**
   * From the root field's resolver, after its guards and pipes: the kept answer of this operation,
   * field and variables for `scope` (a text naming everything of the viewer the answer depends on),
   * or null when this request may not reuse nor keep one (return the real value then).
   */
  lookup(context: object, info: GraphQLResolveInfo, scope: string, nowMs: number): Lookup | null {
    const slots = requests.get(context);
    if (!slots || this.closed) return null;
    const operationId = operationIdOf(info);
    if (operationId === 0) return null;
    const epoch = this.options.announcementsEpoch();
    if (epoch === null) {
      if (this.entries.size > 0) this.invalidate();
      return null;
    }
    const responseKey = info.path.key as string;
    if (slots.has(responseKey)) return null;
    const key = `${operationId}\u0000${responseKey}\u0000${scope}\u0000${JSON.stringify(info.variableValues)}`;
    const entry = this.entries.get(key);
    if (entry) {
      if (entry.generation === this.generationCount && entry.epoch === epoch && nowMs < entry.expiresAt) {
        slots.set(responseKey, { hit: true, entry });
        return HIT;
      }
      this.entries.delete(key);
    }
    const generation = this.generationCount;
    return {
      hit: false,
      keep: (validUntilMs: () => number) => {
        slots.set(responseKey, {
          hit: false,
          keep: (value) => {
            // Not when a change was announced while this answer was read (it may predate it).
            if (generation !== this.generationCount || this.options.announcementsEpoch() !== epoch) return;
            const expiresAt = Math.min(validUntilMs(), nowMs + this.options.maxAgeMs);
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

/**
 * Announced at commit by the statement triggers of migration OpportunityAnswersChangeNotifications
 * on the rarely written tables reused answers show (opportunities, their requirements and developed
 * competences, co-supervisions, competences and their areas, organisations, departments, users'
 * names and organisations), over the live events channel: every instance forgets every kept answer.
 * Not on applications (docs/opportunity-page-answers.md says why).
 */
export const REUSED_ANSWERS_CHANGED = 'opportunities.answers-changed';

/**
 * The caches of reused answers of this instance, forgotten whenever the database announces a change
 * (`REUSED_ANSWERS_CHANGED`); nothing reused while the instance does not hear announcements
 * (`LiveEvents.listeningEpoch`: memory live events, a listening connection down) nor what was kept
 * before a reconnection.
 */
@Injectable()
export class ReusedAnswers implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ReusedAnswers.name);
  private readonly own = new Set<ReusedAnswerCache>();
  private changes: AsyncIterableIterator<unknown> | null = null;

  constructor(private readonly events: LiveEvents) {}

  cache(options: { max: number; maxAgeMs: number }): ReusedAnswerCache {
    const cache = new ReusedAnswerCache({ ...options, announcementsEpoch: () => this.events.listeningEpoch });
    this.own.add(cache);
    return cache;
  }

  onModuleInit(): void {
    const changes = this.events.subscribe<unknown>(REUSED_ANSWERS_CHANGED);
    this.changes = changes;
    void (async () => {
      try {
        for await (const _change of changes) for (const cache of this.own) cache.invalidate();
      } catch (err) {
        this.logger.error(`changes no longer followed, nothing reused: ${String(err)}`);
        for (const cache of this.own) cache.close();
      }
    })();
  }

  async onModuleDestroy(): Promise<void> {
    for (const cache of this.own) cache.close();
    this.own.clear();
    await this.changes?.return?.();
  }
}
