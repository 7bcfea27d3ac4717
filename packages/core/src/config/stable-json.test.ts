import { describe, expect, it } from 'vitest';
import { firstDifference, stableJson } from './stable-json.js';

describe('stableJson', () => {
  it('sorts object keys at every level and keeps array order', () => {
    expect(stableJson({ z: [3, { q: 1, p: 2 }], a: { y: null, x: 's' } })).toBe(
      '{"a":{"x":"s","y":null},"z":[3,{"p":2,"q":1}]}',
    );
    expect(stableJson({ k: 1, j: 2 })).toBe(stableJson({ j: 2, k: 1 }));
    expect(stableJson([2, 1])).not.toBe(stableJson([1, 2]));
  });

  it('writes undefined as null and drops undefined fields like JSON.stringify', () => {
    expect(stableJson(undefined)).toBe('null');
    expect(stableJson({ b: undefined, a: 1 })).toBe('{"a":1}');
  });
});

describe('firstDifference', () => {
  it('is undefined for equal data in any key order', () => {
    expect(firstDifference({ x: 1, y: { z: [1, 2] } }, { y: { z: [1, 2] }, x: 1 })).toBeUndefined();
  });

  it('names the first differing path, array items by index, keys only in b last', () => {
    expect(firstDifference({ run: { opt: { beta: 2, lr: 1 } } }, { run: { opt: { lr: 5, beta: 2 } } })).toBe(
      'run.opt.lr',
    );
    expect(firstDifference({ s: [1, 7, 3] }, { s: [1, 8, 3] })).toBe('s.1');
    expect(firstDifference({ a: 1, b: 2 }, { a: 1, b: 2, added: 0 })).toBe('added');
    expect(firstDifference({ a: 1, b: 2 }, { a: 9, b: 8 })).toBe('a');
  });

  it('is (root) when the top-level values differ in kind or value', () => {
    expect(firstDifference('x', 'y')).toBe('(root)');
    expect(firstDifference({ a: 1 }, null)).toBe('(root)');
  });
});
