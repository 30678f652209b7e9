import fc from 'fast-check';
import { eventsOfItem, LiveEventColumns, LocalSubscribers } from '../../../src/common/events/live-events';

/** Starts an iterator (graphql-subscriptions subscribes on the first `next`) and collects its events. */
function follow(local: LocalSubscribers, triggers: string[]) {
  const iterator = local.iterator<{ n: number; via?: string }>(triggers);
  const received: { n: number; via?: string }[] = [];
  const pump = (): void => {
    void iterator.next().then((r) => {
      if (r.done) return;
      received.push(r.value);
      pump();
    });
  };
  pump();
  return { received, stop: () => iterator.return!() };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('LocalSubscribers', () => {
  it('knows which keys of a topic are followed here, as subscribers come and go', async () => {
    const local = new LocalSubscribers();
    expect(local.follows('t')).toBe(false);
    const one = follow(local, ['t/u1', 't/u2']);
    const two = follow(local, ['t/u1']);
    const plain = follow(local, ['t']);
    await tick();
    expect(local.follows('t')).toBe(true);
    expect(local.keysOf('t').sort()).toEqual(['u1', 'u2']);
    expect(local.has('t')).toBe(true);

    await one.stop();
    expect(local.keysOf('t')).toEqual(['u1']);
    await plain.stop();
    expect(local.has('t')).toBe(false);
    expect(local.follows('t')).toBe(true);
    await two.stop();
    expect(local.follows('t')).toBe(false);
    expect(local.keysOf('t')).toEqual([]);
  });

  it('hands an event with several keys to each followed key once, saying which key it came by', async () => {
    const local = new LocalSubscribers();
    const both = follow(local, ['t/a', 't/b']);
    const onlyB = follow(local, ['t/b']);
    await tick();
    local.deliverBatch('t', [
      { keys: ['a', 'b', 'c'], payload: { n: 1 } },
      { key: 'c', payload: { n: 2 } },
      { key: 'b', payload: { n: 3 } },
    ]);
    await tick();
    expect(both.received).toEqual([{ n: 1, via: 'a' }, { n: 1, via: 'b' }, { n: 3 }]);
    expect(onlyB.received).toEqual([{ n: 1, via: 'b' }, { n: 3 }]);
    await both.stop();
    await onlyB.stop();
  });

  it('hands each member of a group to the sockets following its own or the shared keys, as the event it stands for', async () => {
    const local = new LocalSubscribers();
    const host = follow(local, ['t/host']);
    const candidate = follow(local, ['t/c2']);
    await tick();
    const group = {
      keys: ['host', 'admin'],
      payload: { audience: { hosts: ['h'] }, change: { opportunity: 'o', n: 0 } },
      each: [
        { keys: ['c1'], payload: { audience: { candidate: 'c1' }, change: { n: 1 } } },
        { keys: ['c2'], payload: { audience: { candidate: 'c2' }, change: { n: 2 } } },
      ],
    };
    local.deliverBatch('t', [group]);
    await tick();
    const event = (n: number, c: string, via: string) => ({
      audience: { hosts: ['h'], candidate: c },
      change: { opportunity: 'o', n },
      via,
    });
    expect(host.received).toEqual([event(1, 'c1', 'host'), event(2, 'c2', 'host')]);
    expect(candidate.received).toEqual([event(2, 'c2', 'c2')]);
    // The same events as `keys` items, the member's keys first.
    expect(eventsOfItem(group)).toEqual([
      {
        keys: ['c1', 'host', 'admin'],
        payload: { audience: { hosts: ['h'], candidate: 'c1' }, change: { opportunity: 'o', n: 1 } },
      },
      {
        keys: ['c2', 'host', 'admin'],
        payload: { audience: { hosts: ['h'], candidate: 'c2' }, change: { opportunity: 'o', n: 2 } },
      },
    ]);
    await host.stop();
    await candidate.stop();
  });

  it('hands each member of a columns item to the sockets following its own or the shared keys, as the event it stands for', async () => {
    const local = new LocalSubscribers();
    const host = follow(local, ['t/host']);
    const candidate = follow(local, ['t/u:c2']);
    await tick();
    const item: LiveEventColumns = {
      keys: ['u:host', 'host', 'admin'],
      payload: { audience: { hosts: ['h'] }, change: { opportunity: 'o' } },
      // c2's key is its own; "host" (a host as candidate) is keyed once, by the shared key.
      columns: { audience: { candidate: ['c1', 'c2', 'host'] }, change: { n: [1, 2, 3] } },
      memberKey: { prefix: 'u:', of: ['audience', 'candidate'] },
    };
    local.deliverBatch('t', [item]);
    await tick();
    const event = (n: number, c: string, via: string) => ({
      audience: { hosts: ['h'], candidate: c },
      change: { opportunity: 'o', n },
      via,
    });
    expect(host.received).toEqual([event(1, 'c1', 'host'), event(2, 'c2', 'host'), event(3, 'host', 'host')]);
    expect(candidate.received).toEqual([event(2, 'c2', 'u:c2')]);
    const payload = (n: number, c: string) => ({
      audience: { hosts: ['h'], candidate: c },
      change: { opportunity: 'o', n },
    });
    expect(eventsOfItem(item)).toEqual([
      { keys: ['u:c1', 'u:host', 'host', 'admin'], payload: payload(1, 'c1') },
      { keys: ['u:c2', 'u:host', 'host', 'admin'], payload: payload(2, 'c2') },
      { keys: ['u:host', 'host', 'admin'], payload: payload(3, 'host') },
    ]);
    await host.stop();
    await candidate.stop();
  });

  it('delivers a columns item exactly as the keys items of its events (property)', async () => {
    const ids = ['a', 'b', 'c', 'd'];
    const arbitrary = fc.record({
      hosts: fc.uniqueArray(fc.constantFrom(...ids), { maxLength: 2 }),
      members: fc.array(fc.record({ candidate: fc.constantFrom(...ids), n: fc.integer() }), { maxLength: 6 }),
      followed: fc.subarray(['u:a', 'u:b', 'u:c', 'u:d', 'hr', 'admin']),
    });
    await fc.assert(
      fc.asyncProperty(arbitrary, async ({ hosts, members, followed }) => {
        const item: LiveEventColumns = {
          keys: [...hosts.map((h) => `u:${h}`), 'hr', 'admin'],
          payload: { audience: { hosts }, at: 'now' },
          columns: {
            audience: { candidate: members.map((m) => m.candidate) },
            change: { n: members.map((m) => m.n) },
          },
          memberKey: { prefix: 'u:', of: ['audience', 'candidate'] },
        };
        // The expected events: each member keyed as the access policy keys an application's audience.
        const expected = members.map((m) => ({
          keys: [...new Set([`u:${m.candidate}`, ...hosts.map((h) => `u:${h}`)]), 'hr', 'admin'],
          payload: { audience: { hosts, candidate: m.candidate }, at: 'now', change: { n: m.n } },
        }));
        const sortKeys = (list: { keys: readonly string[]; payload: object }[]) =>
          list.map((e) => ({ ...e, keys: [...e.keys].sort() }));
        expect(sortKeys(eventsOfItem(item) as { keys: readonly string[]; payload: object }[])).toEqual(
          sortKeys(expected),
        );

        const received = async (deliver: (local: LocalSubscribers) => void) => {
          const local = new LocalSubscribers();
          const sockets = followed.map((key) => follow(local, [`t/${key}`]));
          await tick();
          deliver(local);
          await tick();
          await Promise.all(sockets.map((s) => s.stop()));
          return sockets.map((s) => s.received);
        };
        expect(await received((local) => local.deliverBatch('t', [item]))).toEqual(
          await received((local) => local.deliverBatch('t', expected)),
        );
      }),
      { numRuns: 200 },
    );
  });
});
