/**
 * Anyone can recompute a published round: the stored run's inputJson, saved to a file and fed to
 * `npm run match` (src/cli/match.ts, spawned as npm runs it), gives the run's assignment, HR's
 * pre-assignments and eligibility overrides included (instance format version 2).
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { CareerStage } from '../../src/core/domain/enums';
import { RoundWorker } from '../../src/rounds/round.worker';
import { aCandidate, anOpportunityRow, aSupervisor } from '../factories/applications.factory';
import { aRound, closeRankingOf, makeProject, RUN_FIELDS } from '../factories/rounds.factory';
import { CreatedUser } from '../factories/users.factory';
import { expectStoredInputConsistent } from '../utils/stored-run-input';
import { createTestApp, GqlResponse, TestApp } from '../utils/test-app';

const REPO = path.resolve(__dirname, '../..');
const SUBMIT_CHOICES = `mutation($r: ID!, $o: [ID!]!) { submitRoundChoices(roundId: $r, opportunityIds: $o) { rank } }`;
const PRE_ASSIGN = `mutation($r: ID!, $c: ID!, $o: ID!, $reason: String!) { preAssign(roundId: $r, candidateId: $c, opportunityId: $o, reason: $reason) { id } }`;
const GRANT_ELIGIBILITY = `mutation($i: GrantEligibilityOverrideInput!) { grantEligibilityOverride(input: $i) { id } }`;
const RUN = `mutation($id: ID!, $dry: Boolean!, $seed: Int) { runRound(id: $id, dryRun: $dry, seed: $seed) { id status } }`;
const RUN_BY_ID = `query($id: ID!) { roundRun(id: $id) { ${RUN_FIELDS} inputJson exemptPairs { kind candidateId opportunityId reason } } }`;
const RUNS_OF = `query($r: ID!) { roundRuns(roundId: $r, first: 5) { id exemptPairs { kind candidateId opportunityId reason } } }`;

interface Run {
  id: string;
  kind: string;
  status: string;
  stable: boolean | null;
  assignment: { candidateId: string; opportunityId: string | null; preAssigned: boolean }[] | null;
  inputJson: string | null;
  exemptPairs: { kind: string; candidateId: string; opportunityId: string; reason: string }[];
}

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function dataOf<T>(res: GqlResponse<T>): T {
  if (!res.data || res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

/** `npm run match -- FILE`: the script runs src/cli/match.ts under ts-node (transpile only). */
function match(file: string): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', path.join(REPO, 'src/cli/match.ts'), file],
      { cwd: REPO, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        resolve({
          code: error === null ? 0 : typeof error.code === 'number' ? error.code : null,
          stdout,
          stderr,
        });
      },
    );
  });
}

describe('recomputing a published round from its stored input', () => {
  let t: TestApp;
  let hr: string;
  let host: CreatedUser;
  let otherHost: CreatedUser;
  let dir = '';

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    hr = await t.login('hr@lumc.test');
    host = await aSupervisor(t, 'LUMC');
    otherHost = await aSupervisor(t, 'LUMC');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'round-recompute-'));
  });
  afterAll(async () => {
    if (dir !== '') fs.rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  async function choose(candidate: CreatedUser, roundId: string, opportunityIds: string[]): Promise<void> {
    dataOf(await t.gql(SUBMIT_CHOICES, { r: roundId, o: opportunityIds }, candidate.token));
  }

  async function publish(roundId: string): Promise<Run> {
    await closeRankingOf(t, roundId);
    const queued = dataOf(
      await t.gql<{ runRound: Run }>(RUN, { id: roundId, dry: false, seed: 7 }, hr),
    ).runRound;
    await t.app.get(RoundWorker).processPending();
    return dataOf(await t.gql<{ roundRun: Run }>(RUN_BY_ID, { id: queued.id }, hr)).roundRun;
  }

  it.each(['SEATS_DA', 'SPA'] as const)(
    '%s: npm run match on the stored inputJson gives the published assignment, the pre-assignment and the eligibility override included',
    async (algorithm) => {
      // a, b: one seat each. p and q both want a first; HR pre-assigns p to b, so q gets a
      // (without the pre-assignment the host's order would decide between p and q for a).
      const a = await anOpportunityRow(t, { leadSupervisorId: host.user.id, capacity: 1 });
      const b = await anOpportunityRow(t, { leadSupervisorId: host.user.id, capacity: 1 });
      const c = await anOpportunityRow(t, { leadSupervisorId: host.user.id, capacity: 2 });
      // d: for master students only, with a supervisor of its own; HR lets a bachelor apply.
      const d = await anOpportunityRow(t, {
        leadSupervisorId: otherHost.user.id,
        capacity: 1,
        eligibleStages: [CareerStage.MASTER_STUDENT],
      });
      if (algorithm === 'SPA') for (const o of [a, b, c, d]) await makeProject(t, o.id);
      const round = await aRound(t, hr, { opportunityIds: [a.id, b.id, c.id, d.id], algorithm });
      const [p, q, r, s] = [
        await aCandidate(t),
        await aCandidate(t),
        await aCandidate(t),
        await aCandidate(t),
      ];
      await choose(p, round.id, [a.id, b.id]);
      await choose(q, round.id, [a.id, c.id]);
      await choose(r, round.id, [b.id, c.id]);
      await choose(s, round.id, [a.id, b.id, c.id]);
      const bachelor = await aCandidate(t, { stage: CareerStage.BACHELOR_STUDENT });
      const bridging = 'Bridging programme done';
      dataOf(
        await t.gql(
          GRANT_ELIGIBILITY,
          { i: { opportunityId: d.id, candidateId: bachelor.user.id, reason: bridging } },
          hr,
        ),
      );
      await choose(bachelor, round.id, [d.id]);
      const reason = 'Continues the lab work of her bachelor thesis';
      dataOf(await t.gql(PRE_ASSIGN, { r: round.id, c: p.user.id, o: b.id, reason }, hr));

      const published = await publish(round.id);
      expect(published).toMatchObject({ kind: 'PUBLISH', status: 'DONE', stable: true });
      const placements = Object.fromEntries(
        (published.assignment ?? []).map((x) => [x.candidateId, x.opportunityId]),
      );
      expect(placements[p.user.id]).toBe(b.id);
      expect(placements[bachelor.user.id]).toBe(d.id);
      // Stored in parts; the text is what was hashed, byte for byte, and the parts agree with it.
      expect(await expectStoredInputConsistent(t.dataSource, published.id)).toBe(5);
      const stored = JSON.parse(published.inputJson ?? '{}') as { overrides: unknown[] };
      expect(stored.overrides).toEqual([
        { kind: 'ELIGIBLE', candidate: bachelor.user.id, opportunity: d.id, reason: bridging },
      ]);
      expect(published.assignment?.filter((x) => x.candidateId === p.user.id)).toEqual([
        { candidateId: p.user.id, opportunityId: b.id, preAssigned: true },
      ]);

      const file = path.join(dir, `${algorithm}.json`);
      fs.writeFileSync(file, published.inputJson ?? '');
      const { code, stdout, stderr } = await match(file);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      const result = JSON.parse(stdout) as {
        problem: string;
        optimal: string;
        assignment: Record<string, string | null>;
        stable: boolean;
        exempt: unknown[];
      };
      expect(result.problem).toBe(algorithm === 'SPA' ? 'SPA-S' : 'HR');
      expect(result.optimal).toBe('candidate');
      expect(result.assignment).toEqual(placements);
      expect(result.stable).toBe(true);
      expect(result.exempt).toEqual([
        { kind: 'PRE_ASSIGNED', ids: [p.user.id, b.id], reason },
        { kind: 'ELIGIBLE', ids: [bachelor.user.id, d.id], reason: bridging },
      ]);
      // The run shows the same exempt pairs, next to its verdict; so does the list of runs.
      const exempt = [
        { kind: 'PRE_ASSIGNED', candidateId: p.user.id, opportunityId: b.id, reason },
        { kind: 'ELIGIBLE', candidateId: bachelor.user.id, opportunityId: d.id, reason: bridging },
      ];
      expect(published.exemptPairs).toEqual(exempt);
      const runs = dataOf(
        await t.gql<{ roundRuns: { id: string; exemptPairs: unknown[] }[] }>(RUNS_OF, { r: round.id }, hr),
      ).roundRuns;
      expect(runs).toEqual([{ id: published.id, exemptPairs: exempt }]);
    },
    180_000,
  );
});
