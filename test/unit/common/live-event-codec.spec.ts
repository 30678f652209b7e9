import { decodeLiveEvent, encodeLiveEvent } from '../../../src/common/events/live-event-codec';

describe('live event codec', () => {
  it('brings Dates back as Dates, at any depth, and leaves everything else as JSON has it', () => {
    const at = new Date('2026-12-03T17:30:00.123Z');
    const value = {
      at,
      list: [at, 'text', 1, null, { nested: at, n: 2 }],
      text: '2026-12-03T17:30:00.123Z',
      flag: true,
      nothing: null,
    };
    const text = encodeLiveEvent(value);
    const back = decodeLiveEvent<typeof value>(text);
    expect(back).toEqual(value);
    expect(back.at).toBeInstanceOf(Date);
    expect((back.list[4] as { nested: Date }).nested).toBeInstanceOf(Date);
    expect(typeof back.text).toBe('string');
  });

  it('decodes text without a Date as plain JSON (an object with a $date key among others stays an object)', () => {
    const value = { items: [{ key: 'u1', payload: { id: 'n1' } }], odd: { $date: 'x', other: 1 } };
    expect(decodeLiveEvent(encodeLiveEvent(value))).toEqual(value);
  });
});
