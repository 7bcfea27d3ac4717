import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { firstDifference, stableHash } from './stable-hash.js';

describe('stableHash', () => {
  it('hashes the key-sorted JSON text with sha256, whatever the key order', () => {
    const expected = createHash('sha256').update('{"a":{"c":null,"d":[2,1]},"b":[3]}').digest('hex');
    expect(stableHash({ b: [3], a: { d: [2, 1], c: null } })).toBe(expected);
    expect(stableHash({ a: 1, b: 2 })).toBe(stableHash({ b: 2, a: 1 }));
    expect(stableHash({ a: [1, 2] })).not.toBe(stableHash({ a: [2, 1] }));
  });
});

describe('firstDifference', () => {
  it('names the first differing path, or nothing for equal values', () => {
    expect(firstDifference({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBeUndefined();
    expect(firstDifference({ a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 3] } })).toBe('b.c[1]');
    expect(firstDifference({ a: 1 }, { a: 1, z: 2 })).toBe('z');
    expect(firstDifference(1, 2)).toBe('(root)');
  });

  it('visits object keys sorted, not in insertion order', () => {
    expect(firstDifference({ z: 1, a: 1 }, { z: 2, a: 2 })).toBe('a');
  });
});
