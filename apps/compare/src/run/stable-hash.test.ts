import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { stableHash, stableJson } from './stable-hash.js';

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
