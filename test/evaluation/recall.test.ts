import { describe, expect, it } from 'vitest';
import { recallAtK } from '../../src/evaluation/recall.js';

const catalogue = ['a', 'b', 'c', 'd', 'e'];

describe('recallAtK', () => {
  it('gives recall per list and k, the ideal ceiling and catalogue coverage', () => {
    const lists: Record<string, string[]>[] = [
      { cowatch: ['a', 'b'], merged: ['a', 'b', 'c'] },
      { cowatch: ['c'], popular: ['d'], merged: ['c', 'd'] },
      { merged: ['e'] },
      { cowatch: ['x', 'a'] },
    ];
    const truths = ['b', 'd', 'z', 'a'];
    const report = recallAtK(lists, truths, catalogue, [1, 2]);
    expect(report).toEqual({
      events: 4,
      ks: [1, 2],
      // cowatch: b at rank 2 (event 1), a at rank 2 (event 4); merged: b and d at rank 2; popular: d first.
      recall: {
        cowatch: { 1: 0, 2: 0.5 },
        merged: { 1: 0, 2: 0.5 },
        popular: { 1: 0.25, 2: 0.25 },
      },
      // z is not in the catalogue: no list could have found it.
      ideal: 0.75,
      // cowatch reached a, b, c (x is not a catalogue item); merged all five; popular only d.
      coverage: { cowatch: 0.6, merged: 1, popular: 0.2 },
      catalogueSize: 5,
    });
  });

  it('reports recall@100 and recall@500 by default', () => {
    const long = Array.from({ length: 600 }, (_, i) => `i${i}`);
    const report = recallAtK([{ merged: long }, { merged: long }], ['i150', 'i50'], long);
    expect(report.recall.merged).toEqual({ 100: 0.5, 500: 1 });
    expect(report.coverage.merged).toBe(1);
    expect(report.ideal).toBe(1);
  });

  it('works on item indices as well as ids', () => {
    const report = recallAtK([{ merged: [3, 1] }], [1], [0, 1, 2, 3], [1, 2]);
    expect(report.recall.merged).toEqual({ 1: 0, 2: 1 });
    expect(report.coverage.merged).toBe(0.5);
  });

  it('answers zeros for no events and rejects mismatched or bad input', () => {
    expect(recallAtK([], [], catalogue)).toEqual({
      events: 0,
      ks: [100, 500],
      recall: {},
      ideal: 0,
      coverage: {},
      catalogueSize: 5,
    });
    expect(() => recallAtK([{ merged: [] }], [], catalogue)).toThrow('1 event lists but 0 clicked items');
    expect(() => recallAtK([], [], catalogue, [0])).toThrow('k must be a positive integer, got 0');
  });
});
