import { Client } from 'pg';
import { RecommendationsRepository } from '../../src/recommendations/recommendations.repository';
import { startStreamingPair, StreamingPair } from '../utils/streaming-replica';
import { createTestApp, TestApp } from '../utils/test-app';

const READINESS = `query($role: ID!) { roleReadinessDistribution(roleId: $role) { population { count } } }`;

/**
 * DATABASE_REPLICA_URLS on a real streaming replica. Replay on the replica is paused while the primary
 * changes: what a replica serves then stands still, what the primary serves moves on.
 */
describe('read replicas (DATABASE_REPLICA_URLS) on a streaming replica', () => {
  let pair: StreamingPair;
  let t: TestApp;
  let replica: Client;
  let hr: string;
  let candidate: string;
  let roleId: string;

  beforeAll(async () => {
    pair = await startStreamingPair();
    t = await createTestApp({
      sharedDatabase: { name: 'te', url: pair.primaryDbUrl, drop: async () => undefined },
      seed: true,
      population: true,
      env: { DATABASE_REPLICA_URLS: pair.replicaDbUrl },
    });
    replica = new Client({ connectionString: pair.replicaDbUrl });
    await replica.connect();
    hr = await t.login('hr@lumc.test');
    candidate = await t.login('candidate@lumc.test');
    const roles = await t.gql<{ roleProfiles: { id: string }[] }>('{ roleProfiles { id } }', {}, hr);
    roleId = roles.data!.roleProfiles[0].id;
    await pair.catchUp();
  }, 180_000);
  afterAll(async () => {
    await replica?.end();
    await t?.close();
    await pair?.stop();
  });

  it('is a hot standby streaming from the primary', async () => {
    const [{ standby }] = (await replica.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby'))
      .rows;
    expect(standby).toBe(true);
    const [{ people }] = (
      await replica.query<{ people: number }>('SELECT count(*)::int AS people FROM users')
    ).rows;
    expect(people).toBeGreaterThan(100);
  });

  it('answers analytics from the replica, and catches up with it', async () => {
    const population = async () =>
      (
        await t.gql<{ roleReadinessDistribution: { population: { count: number } } }>(
          READINESS,
          { role: roleId },
          hr,
        )
      ).data!.roleReadinessDistribution.population.count;
    const before = await population();

    await pair.pauseReplay();
    await t.dataSource.query(
      `WITH added AS (
         INSERT INTO users (email, display_name, password_hash, organisation_id, roles)
         SELECT 'replica-' || g || '@lumc.test', 'Replica ' || g, 'x', organisation_id, '{CANDIDATE}'
           FROM users, generate_series(1, 6) g WHERE email = 'hr@lumc.test'
         RETURNING id)
       INSERT INTO profiles (user_id) SELECT id FROM added`,
    );
    expect(await population()).toBe(before);

    await pair.catchUp();
    expect(await population()).toBe(before + 6);
  });

  it("reads the recommendations' open opportunities from the replica, everything else from the primary", async () => {
    await pair.pauseReplay();
    const [{ id }] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO opportunities (kind, title, description, status, host_organisation_id, lead_supervisor_id,
          starts_on, ends_on, capacity, application_deadline)
       SELECT 'INTERNSHIP', 'Replica marker internship', 'Added while the replica stood still', 'OPEN',
              organisation_id, id, current_date + 60, current_date + 120, 1, now() + interval '30 days'
         FROM users WHERE email = 'supervisor@lumc.test'
       RETURNING id`,
    );
    const repo = t.app.get(RecommendationsRepository);
    const open = async () => (await repo.findOpenScoringRows({}, new Date())).rows.map((r) => r.id);
    const first = await repo.findOpenScoringRows({}, new Date());
    expect(first.rows.map((r) => r.id)).not.toContain(id);
    // The snapshot's incremental read runs on the replica too: nothing new there yet.
    const changedSince = async () =>
      (await repo.findOpenScoringChanges({}, new Date(), first.snapshot)).changed.map((r) => r.id);
    expect(await changedSince()).not.toContain(id);

    // Browsing reads the primary: the new opportunity is there at once.
    const browse = await t.gql<{ opportunities: { edges: { node: { id: string } }[] } }>(
      '{ opportunities(first: 5, filter: { text: "Replica marker" }) { edges { node { id } } } }',
      {},
      candidate,
    );
    expect(browse.data!.opportunities.edges.map((e) => e.node.id)).toEqual([id]);

    await pair.catchUp();
    expect(await open()).toContain(id);
    expect(await changedSince()).toEqual([id]);
  });
});
