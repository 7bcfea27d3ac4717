import { describe, expect, it } from 'vitest';
import { firstDifference, stableJson } from './stable-json.js';

describe('stableJson and firstDifference', () => {
  it('ignores key order and finds the first differing dotted path', () => {
    expect(stableJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: 0 } })).toBe(
      '{"a":{"c":0,"d":[1,{"x":1,"y":2}]},"b":1}',
    );
    expect(firstDifference({ a: 1, b: { c: 2 } }, { b: { c: 2 }, a: 1 })).toBeUndefined();
    expect(firstDifference({ t: { o: { lr: 1, b: 2 } } }, { t: { o: { b: 2, lr: 3 } } })).toBe('t.o.lr');
    expect(firstDifference({ m: [0.5, 1] }, { m: [0.25, 1] })).toBe('m.0');
    expect(firstDifference({ a: 1 }, { a: 1, extra: true })).toBe('extra');
    expect(firstDifference(1, 2)).toBe('(root)');
  });
});
