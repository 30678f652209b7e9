import { SerialPasses } from '../../../src/common/serial-passes';

describe('SerialPasses', () => {
  it('starts a pass only once the one before it has ended, a failed one included', async () => {
    const log: string[] = [];
    let n = 0;
    const passes = new SerialPasses(async () => {
      const k = ++n;
      log.push(`start ${k}`);
      await new Promise((r) => setTimeout(r, 5));
      log.push(`end ${k}`);
      if (k === 1) throw new Error('the first pass fails');
      return k;
    });
    const first = passes.run();
    const second = passes.run();
    const third = passes.run();
    await expect(first).rejects.toThrow('the first pass fails');
    expect(await second).toBe(2);
    expect(await third).toBe(3);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('settles once every pass started so far has ended', async () => {
    let ended = 0;
    const passes = new SerialPasses(async () => {
      await new Promise((r) => setTimeout(r, 5));
      return ++ended;
    });
    void passes.run();
    void passes.run();
    await passes.settled();
    expect(ended).toBe(2);
  });
});
