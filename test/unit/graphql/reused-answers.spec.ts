import { GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { buildSchema, execute, getOperationAST, GraphQLResolveInfo, parse } from 'graphql';
import {
  Lookup,
  ReusedAnswerCache,
  ReusedAnswersPlugin,
  stringifyResult,
} from '../../../src/common/graphql/reused-answers';

const schema = buildSchema(`
  type Row { id: ID! }
  type Query { rows(first: Int): [Row!]! other: Int }
  type Mutation { touch: Int }
`);

const plugin = new ReusedAnswersPlugin();

/** The resolve info of the root field `rows` in `query`, as graphql-js gives it to the resolver. */
function infoOf(query: string, variables: Record<string, unknown> = {}): GraphQLResolveInfo {
  let captured: GraphQLResolveInfo | undefined;
  const document = documents.get(query) ?? parse(query);
  documents.set(query, document);
  void execute({
    schema,
    document,
    variableValues: variables,
    rootValue: {
      rows: (_args: unknown, _ctx: unknown, info: GraphQLResolveInfo) => {
        captured = info;
        return [];
      },
      other: () => 1,
    },
  });
  return captured!;
}
/** One parsed document per text, as Apollo's document store keeps them. */
const documents = new Map<string, ReturnType<typeof parse>>();

/** A request through Apollo over HTTP: the plugin knows its context. */
async function aRequest(): Promise<object> {
  const context = {};
  await plugin.requestDidStart({ contextValue: context });
  return context;
}

/** What the plugin does before sending `data` as the request's answer; returns the data sent. */
async function send(
  context: object,
  data: Record<string, unknown>,
  opts: { errors?: boolean; query?: string } = {},
): Promise<Record<string, unknown>> {
  const listener = await plugin.requestDidStart({ contextValue: {} });
  const body = {
    kind: 'single',
    singleResult: { data, ...(opts.errors ? { errors: [{ message: 'x' }] } : {}) },
  };
  await listener.willSendResponse!({
    contextValue: context,
    response: { body },
    operation: opts.query ? getOperationAST(parse(opts.query)) : undefined,
  } as unknown as GraphQLRequestContextWillSendResponse<object>);
  return body.singleResult.data;
}

const PAGE = 'query($first: Int) { rows(first: $first) { id } }';
const KEPT = [{ id: 'a' }, { id: 'b' }];

describe('ReusedAnswerCache', () => {
  let epoch: number | null;
  let cache: ReusedAnswerCache;

  beforeEach(() => {
    epoch = 1;
    cache = new ReusedAnswerCache({ max: 3, maxAgeMs: 10_000, announcementsEpoch: () => epoch });
  });
  afterEach(() => cache.close());

  /** One request of `rows`: a hit (the answer sent in its place), or a miss that keeps `answer`. */
  async function request(
    scope: string,
    variables: Record<string, unknown> = { first: 2 },
    opts: { now?: number; validUntil?: number; answer?: unknown; during?: () => void } = {},
  ): Promise<{ lookup: Lookup | null; sent: unknown }> {
    const context = await aRequest();
    const lookup = cache.lookup(context, infoOf(PAGE, variables), scope, opts.now ?? Date.now());
    if (lookup && !lookup.hit) {
      opts.during?.();
      lookup.keep(() => opts.validUntil ?? Number.POSITIVE_INFINITY);
    }
    const sent = await send(context, { rows: lookup?.hit ? [] : (opts.answer ?? KEPT) });
    return { lookup, sent: sent.rows };
  }

  it('keeps an answer and puts it in the place of the next one of the same operation, variables and scope', async () => {
    expect((await request('viewer-1')).lookup?.hit).toBe(false);
    const again = await request('viewer-1');
    expect(again.lookup?.hit).toBe(true);
    expect(again.sent).toBe(KEPT);
    expect(cache.size).toBe(1);
  });

  it("writes a kept answer's text as Apollo would, its JSON written once", async () => {
    await request('viewer-1');
    for (let i = 0; i < 2; i++) {
      const context = await aRequest();
      expect(cache.lookup(context, infoOf(PAGE, { first: 2 }), 'viewer-1', Date.now())?.hit).toBe(true);
      const data = await send(context, { rows: [] });
      expect(stringifyResult({ data })).toBe(JSON.stringify({ data: { rows: KEPT } }) + '\n');
      expect(stringifyResult({ data: { rows: KEPT } })).toBe(JSON.stringify({ data: { rows: KEPT } }) + '\n');
    }
    const errors = [{ message: 'x' }];
    expect(stringifyResult({ errors, data: null })).toBe(JSON.stringify({ errors, data: null }) + '\n');
  });

  it('never answers another scope or other variables with it', async () => {
    await request('viewer-1');
    expect((await request('viewer-2')).lookup?.hit).toBe(false);
    expect((await request('viewer-1', { first: 3 })).lookup?.hit).toBe(false);
    expect((await request('viewer-1')).lookup?.hit).toBe(true);
  });

  it('does not keep an answer read while a change was announced', async () => {
    await request('viewer-1', undefined, { during: () => cache.invalidate() });
    expect(cache.size).toBe(0);
    expect((await request('viewer-1')).lookup?.hit).toBe(false);
  });

  it('forgets every answer when a change is announced, and on any mutation answered', async () => {
    await request('viewer-1');
    cache.invalidate();
    expect((await request('viewer-1')).lookup?.hit).toBe(false);
    await send(await aRequest(), { touch: 1 }, { query: 'mutation { touch }' });
    expect(cache.size).toBe(0);
    expect((await request('viewer-1')).lookup?.hit).toBe(false);
  });

  it('reuses nothing while changes are not announced, nor what was kept before a reconnection', async () => {
    await request('viewer-1');
    epoch = 2;
    expect((await request('viewer-1')).lookup?.hit).toBe(false);
    epoch = null;
    expect((await request('viewer-1')).lookup).toBeNull();
    expect(cache.size).toBe(0);
  });

  it('keeps an answer until it is no longer valid, and at most maxAgeMs', async () => {
    const now = Date.now();
    await request('viewer-1', undefined, { validUntil: now + 1_000 });
    expect((await request('viewer-1', undefined, { now: now + 999 })).lookup?.hit).toBe(true);
    expect((await request('viewer-1', undefined, { now: now + 1_000 })).lookup?.hit).toBe(false);
    await request('viewer-2', undefined, { now });
    expect((await request('viewer-2', undefined, { now: now + 10_000 })).lookup?.hit).toBe(false);
    // Already past when the answer is sent: not kept.
    await request('viewer-3', undefined, { validUntil: now - 1 });
    expect((await request('viewer-3')).lookup?.hit).toBe(false);
  });

  it('keeps at most max answers, the oldest going first', async () => {
    for (const scope of ['v1', 'v2', 'v3', 'v4']) await request(scope);
    expect(cache.size).toBe(3);
    expect((await request('v1')).lookup?.hit).toBe(false);
    expect((await request('v4')).lookup?.hit).toBe(true);
  });

  it('keeps no answer with errors', async () => {
    const context = await aRequest();
    const lookup = cache.lookup(context, infoOf(PAGE, { first: 2 }), 'viewer-1', Date.now());
    if (lookup && !lookup.hit) lookup.keep(() => Number.POSITIVE_INFINITY);
    await send(context, { rows: KEPT }, { errors: true });
    expect(cache.size).toBe(0);
  });

  it('puts a kept answer in place of its stub even when another root field failed', async () => {
    await request('viewer-1');
    const context = await aRequest();
    expect(cache.lookup(context, infoOf(PAGE, { first: 2 }), 'viewer-1', Date.now())?.hit).toBe(true);
    const data = await send(context, { rows: [], other: null }, { errors: true });
    expect(data.rows).toBe(KEPT);
  });

  it('works beside other root fields, which are executed as usual', async () => {
    const query = 'query($first: Int) { other rows(first: $first) { id } }';
    const first = await aRequest();
    const miss = cache.lookup(first, infoOf(query, { first: 2 }), 'viewer-1', Date.now());
    expect(miss?.hit).toBe(false);
    if (miss && !miss.hit) miss.keep(() => Number.POSITIVE_INFINITY);
    await send(first, { other: 1, rows: KEPT });
    const second = await aRequest();
    expect(cache.lookup(second, infoOf(query, { first: 2 }), 'viewer-1', Date.now())?.hit).toBe(true);
    const data = await send(second, { other: 2, rows: [] });
    expect(data).toEqual({ other: 2, rows: KEPT });
    expect(stringifyResult({ data })).toBe(JSON.stringify({ data: { other: 2, rows: KEPT } }) + '\n');
    // Another operation text is another key.
    expect(cache.lookup(await aRequest(), infoOf(PAGE, { first: 2 }), 'viewer-1', Date.now())?.hit).toBe(
      false,
    );
  });

  it('keeps until the bound asked once the answer is complete', async () => {
    let bound = Number.POSITIVE_INFINITY;
    const context = await aRequest();
    const lookup = cache.lookup(context, infoOf(PAGE, { first: 2 }), 'viewer-1', Date.now());
    if (lookup && !lookup.hit) lookup.keep(() => bound);
    bound = Date.now() - 1; // a field resolved after the root one bounded it: already past
    await send(context, { rows: KEPT });
    expect(cache.size).toBe(0);
  });

  it('is not used outside Apollo over HTTP, nor under a directive, a fragment or a response key twice', async () => {
    expect(cache.lookup({}, infoOf(PAGE), 'viewer-1', Date.now())).toBeNull();
    for (const query of [
      'query($s: Boolean!) { rows @include(if: $s) { id } }',
      '{ ...F } fragment F on Query { rows { id } }',
      '{ rows { id } rows { id } }',
    ]) {
      expect(cache.lookup(await aRequest(), infoOf(query, { s: true }), 'viewer-1', Date.now())).toBeNull();
    }
  });
});
