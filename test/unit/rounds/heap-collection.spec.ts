import vm from 'node:vm';
import { collectGarbageAbove, collectionsSettled } from '../../../src/rounds/heap-collection';

describe('collectGarbageAbove', () => {
  it('starts a full collection (an eager memory measurement) only when the heap holds more than the bound', async () => {
    const measure = jest.spyOn(vm, 'measureMemory');
    try {
      expect(collectGarbageAbove(Number.MAX_SAFE_INTEGER)).toBe(false);
      expect(measure).not.toHaveBeenCalled();
      expect(collectGarbageAbove(0)).toBe(true);
      expect(measure).toHaveBeenCalledWith({ mode: 'summary', execution: 'eager' });
      await measure.mock.results[0].value;
    } finally {
      measure.mockRestore();
    }
  });

  it('starts one collection at a time, and says when none is running any more', async () => {
    const measure = jest.spyOn(vm, 'measureMemory');
    try {
      await collectionsSettled();
      expect(collectGarbageAbove(0)).toBe(true);
      expect(collectGarbageAbove(0)).toBe(false);
      expect(measure).toHaveBeenCalledTimes(1);
      await collectionsSettled();
      expect(collectGarbageAbove(0)).toBe(true);
      expect(measure).toHaveBeenCalledTimes(2);
      await collectionsSettled();
    } finally {
      measure.mockRestore();
    }
  });
});
