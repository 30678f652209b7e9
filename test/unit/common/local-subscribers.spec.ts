import { LocalSubscribers } from '../../../src/common/events/live-events';

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
});
