import { describe, expect, it } from 'vitest';
import { editDistance } from './edit-distance.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3], // 2 substitutions + 1 insertion
    ['doctor', 'doctro', 1], // one adjacent swap
    ['metrics fd', 'metrics fdd', 1],
    ['flops', 'flops', 0],
    ['ca', 'abc', 3], // optimal string alignment (restricted): no edit of a swapped pair
  ])('%s → %s is %d', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});
