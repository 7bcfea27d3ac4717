import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { firstDifference, stableHash, stableJson } from './stable-hash.js';

describe('stableJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(stableJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
    expect(stableJson({ a: 1, b: 2 })).toBe(stableJson({ b: 2, a: 1 }));
  });
  it('hashes the stable text with sha256', () => {
    const expected = createHash('sha256').update('{"a":1,"b":[3]}').digest('hex');
    expect(stableHash({ b: [3], a: 1 })).toBe(expected);
  });
});

describe('firstDifference', () => {
  it('names the first differing path, or nothing for equal values', () => {
    expect(firstDifference({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBeUndefined();
    expect(firstDifference({ a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 3] } })).toBe('b.c[1]');
    expect(firstDifference({ a: 1 }, { a: 1, z: 2 })).toBe('z');
    expect(firstDifference(1, 2)).toBe('(root)');
  });
});
