import { GraphQLSchemaHost } from '@nestjs/graphql';
import { UserRole } from '../../src/core/domain/enums';
import { RoundWorker } from '../../src/rounds/round.worker';
import { aCandidate, anOpportunityRow, aSupervisor } from '../factories/applications.factory';
import { aRound } from '../factories/rounds.factory';
import { aUser, CreatedUser } from '../factories/users.factory';
import { createTestApp, TestApp } from '../utils/test-app';

/**
 * Every query and mutation of the allocation rounds, as every kind of user. Denials are exact: a
 * role that may never do something gets FORBIDDEN, and so does whoever may see the round but not
 * manage it (a candidate sees an open round); a round the user may not see answers NOT_FOUND. An
 * allowed user may still meet a domain refusal (CONFLICT, BAD_USER_INPUT): this is about who may.
 */
type Actor =
  'chooser' | 'otherCandidate' | 'hostSupervisor' | 'hostHr' | 'otherHr' | 'hrAndCandidate' | 'admin';
const ACTORS: Actor[] = [
  'chooser',
  'otherCandidate',
  'hostSupervisor',
  'hostHr',
  'otherHr',
  'hrAndCandidate',
  'admin',
];
type Outcome = 'OK' | 'FORBIDDEN' | 'NOT_FOUND';

interface World {
  roundId: string;
  runId: string;
  opportunityId: string;
  /** An open LUMC opportunity in no round, for createRound. */
  spareOpportunityId: string;
  /** Another, for addRoundOpportunities. */
  extraOpportunityId: string;
  chooserId: string;
  otherCandidateId: string;
}

interface Row {
  name: string;
  query: string;
  variables: (w: World) => Record<string, unknown>;
  expect: Record<Actor, Outcome>;
}

function outcomes(ok: Actor[], forbidden: Actor[]): Record<Actor, Outcome> {
  return Object.fromEntries(
    ACTORS.map((a) => [a, ok.includes(a) ? 'OK' : forbidden.includes(a) ? 'FORBIDDEN' : 'NOT_FOUND']),
  ) as Record<Actor, Outcome>;
}

const CANDIDATES: Actor[] = ['chooser', 'otherCandidate', 'hrAndCandidate'];
const MANAGERS: Actor[] = ['hostHr', 'admin'];
const NOT_HR: Actor[] = ['chooser', 'otherCandidate', 'hostSupervisor'];
/** Manage-only operations: managers pass, those who may see the round (or never may) are refused. */
const MANAGE = outcomes(MANAGERS, [...NOT_HR, 'hrAndCandidate']);

const ROWS: Row[] = [
  {
    name: 'round (OPEN)',
    query: 'query($id: ID!) { round(id: $id) { id } }',
    variables: (w) => ({ id: w.roundId }),
    expect: outcomes([...CANDIDATES, ...MANAGERS], []),
  },
  {
    name: 'rounds',
    query: 'query { rounds { id } }',
    variables: () => ({}),
    expect: outcomes([...MANAGERS, 'otherHr', 'hrAndCandidate'], NOT_HR),
  },
  {
    // Analytics of the viewer's own organisation (its access is in access-matrix.e2e too).
    name: 'roundStatistics (own organisation)',
    query: 'query { roundStatistics { roundId } }',
    variables: () => ({}),
    expect: outcomes([...MANAGERS, 'otherHr', 'hrAndCandidate'], NOT_HR),
  },
  {
    name: 'openRounds',
    query: 'query { openRounds { id } }',
    variables: () => ({}),
    expect: outcomes(CANDIDATES, ['hostSupervisor', 'hostHr', 'otherHr', 'admin']),
  },
  {
    name: 'myRounds',
    query: 'query { myRounds { id } }',
    variables: () => ({}),
    expect: outcomes(CANDIDATES, ['hostSupervisor', 'hostHr', 'otherHr', 'admin']),
  },
  {
    name: 'myRoundChoices',
    query: 'query($r: ID!) { myRoundChoices(roundId: $r) { rank } }',
    variables: (w) => ({ r: w.roundId }),
    expect: outcomes(CANDIDATES, ['hostSupervisor', 'hostHr', 'otherHr', 'admin']),
  },
  {
    name: 'myRoundOutcome (not yet published: a CONFLICT for those allowed)',
    query: 'query($r: ID!) { myRoundOutcome(roundId: $r) { opportunityId } }',
    variables: (w) => ({ r: w.roundId }),
    expect: outcomes(CANDIDATES, ['hostSupervisor', 'hostHr', 'otherHr', 'admin']),
  },
  {
    name: 'roundOverrides',
    query: 'query($r: ID!) { roundOverrides(roundId: $r) { id } }',
    variables: (w) => ({ r: w.roundId }),
    expect: MANAGE,
  },
  {
    name: 'roundRuns',
    query: 'query($r: ID!) { roundRuns(roundId: $r) { id } }',
    variables: (w) => ({ r: w.roundId }),
    expect: MANAGE,
  },
  {
    name: 'roundRun (runs are visible to managers only)',
    query: 'query($id: ID!) { roundRun(id: $id) { id } }',
    variables: (w) => ({ id: w.runId }),
    expect: outcomes(MANAGERS, NOT_HR),
  },
  {
    name: 'createRound (over LUMC opportunities: HR of another organisation meets BAD_USER_INPUT)',
    query: 'mutation($input: CreateRoundInput!) { createRound(input: $input) { id } }',
    variables: (w) => ({
      input: {
        name: 'Matrix',
        opportunityIds: [w.spareOpportunityId],
        rankingDeadline: new Date(Date.now() + 3600_000).toISOString(),
        maxChoices: 1,
        responseWindowHours: 24,
        algorithm: 'SEATS_DA',
      },
    }),
    expect: outcomes(['hostHr', 'otherHr', 'hrAndCandidate'], [...NOT_HR, 'admin']),
  },
  {
    name: 'addRoundOpportunities',
    query: 'mutation($r: ID!, $o: [ID!]!) { addRoundOpportunities(roundId: $r, opportunityIds: $o) { id } }',
    variables: (w) => ({ r: w.roundId, o: [w.extraOpportunityId] }),
    expect: MANAGE,
  },
  {
    name: 'submitRoundChoices',
    query: 'mutation($r: ID!, $o: [ID!]!) { submitRoundChoices(roundId: $r, opportunityIds: $o) { rank } }',
    variables: (w) => ({ r: w.roundId, o: [w.opportunityId] }),
    expect: outcomes(CANDIDATES, ['hostSupervisor', 'hostHr', 'otherHr', 'admin']),
  },
  {
    name: 'preAssign',
    query:
      'mutation($r: ID!, $c: ID!, $o: ID!) { preAssign(roundId: $r, candidateId: $c, opportunityId: $o, reason: "Matrix") { id } }',
    variables: (w) => ({ r: w.roundId, c: w.chooserId, o: w.opportunityId }),
    expect: MANAGE,
  },
  {
    name: 'excludePair',
    query:
      'mutation($r: ID!, $c: ID!, $o: ID!) { excludePair(roundId: $r, candidateId: $c, opportunityId: $o, reason: "Matrix") { id } }',
    variables: (w) => ({ r: w.roundId, c: w.otherCandidateId, o: w.opportunityId }),
    expect: MANAGE,
  },
  {
    // On the open round: managers meet ROUND_NOT_PUBLISHED (a domain refusal), everyone else is denied.
    name: 'reassignRoundPlacement',
    query:
      'mutation($r: ID!, $c: ID!, $d: ID!, $o: ID!) { reassignRoundPlacement(roundId: $r, opportunityId: $o, fromCandidateId: $c, toCandidateId: $d, reason: "Matrix") { id } }',
    variables: (w) => ({ r: w.roundId, c: w.chooserId, d: w.otherCandidateId, o: w.opportunityId }),
    expect: MANAGE,
  },
  {
    name: 'runRound',
    query: 'mutation($id: ID!) { runRound(id: $id, dryRun: true) { id } }',
    variables: (w) => ({ id: w.roundId }),
    expect: MANAGE,
  },
  {
    name: 'closeRound',
    query: 'mutation($id: ID!) { closeRound(id: $id) { id } }',
    variables: (w) => ({ id: w.roundId }),
    expect: MANAGE,
  },
];

describe('allocation rounds: access matrix', () => {
  let t: TestApp;
  const tokens = {} as Record<Actor, string>;
  let world: World;

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    const host: CreatedUser = await aSupervisor(t, 'LUMC');
    const chooser = await aCandidate(t);
    const otherCandidate = await aCandidate(t, { organisation: 'JANSSEN' });
    const hrAndCandidate = await aUser(t, {
      roles: [UserRole.HR, UserRole.CANDIDATE],
      organisation: 'JANSSEN',
    });
    tokens.chooser = chooser.token;
    tokens.otherCandidate = otherCandidate.token;
    tokens.hostSupervisor = host.token;
    tokens.hostHr = await t.login('hr@lumc.test');
    tokens.otherHr = await t.login('hr@janssen.test');
    tokens.hrAndCandidate = hrAndCandidate.token;
    tokens.admin = await t.login('admin@talent-exchange.test');

    const opportunity = await anOpportunityRow(t, { leadSupervisorId: host.user.id, capacity: 3 });
    const spare = await anOpportunityRow(t, { leadSupervisorId: host.user.id });
    const extra = await anOpportunityRow(t, { leadSupervisorId: host.user.id });
    const round = await aRound(t, tokens.hostHr, { opportunityIds: [opportunity.id] });
    for (const token of [chooser.token, otherCandidate.token]) {
      const res = await t.gql(
        'mutation($r: ID!, $o: [ID!]!) { submitRoundChoices(roundId: $r, opportunityIds: $o) { rank } }',
        { r: round.id, o: [opportunity.id] },
        token,
      );
      expect(res.errors).toBeUndefined();
    }
    const run = await t.gql<{ runRound: { id: string } }>(
      'mutation($id: ID!) { runRound(id: $id, dryRun: true) { id } }',
      { id: round.id },
      tokens.hostHr,
    );
    await t.app.get(RoundWorker).processPending();
    world = {
      roundId: round.id,
      runId: run.data!.runRound.id,
      opportunityId: opportunity.id,
      spareOpportunityId: spare.id,
      extraOpportunityId: extra.id,
      chooserId: chooser.user.id,
      otherCandidateId: otherCandidate.user.id,
    };
  }, 120_000);
  afterAll(() => t.close());

  for (const row of ROWS) {
    it(`${row.name}: ${ACTORS.map((a) => `${a} ${row.expect[a]}`).join(', ')}`, async () => {
      const got: Record<string, Outcome | string> = {};
      for (const actor of ACTORS) {
        const res = await t.gql(row.query, row.variables(world), tokens[actor]);
        const code = res.errors?.[0]?.extensions?.code as string | undefined;
        got[actor] =
          code === 'FORBIDDEN' || code === 'NOT_FOUND'
            ? code
            : code && !['CONFLICT', 'BAD_USER_INPUT'].includes(code)
              ? code
              : 'OK';
      }
      expect(got).toEqual(row.expect);
    });
  }

  it('covers every round query, mutation and subscription', () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const operations = [
      ...Object.keys(schema.getQueryType()?.getFields() ?? {}),
      ...Object.keys(schema.getMutationType()?.getFields() ?? {}),
    ].filter((op) => /round|preAssign|excludePair/i.test(op));
    const covered = ROWS.map((r) => r.query).join('\n');
    expect(
      operations.filter(
        (op) => !new RegExp(`\\b${op}\\(`).test(covered) && !new RegExp(`\\b${op}\\b \\{`).test(covered),
      ),
    ).toEqual([]);
    expect(Object.keys(schema.getSubscriptionType()?.getFields() ?? {})).toContain('roundRunUpdated');
  });
});
