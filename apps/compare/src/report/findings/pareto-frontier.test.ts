import { describe, expect, it } from 'vitest';
import { paretoFrontier } from './pareto-frontier.js';

/** Brute force: a point is on the frontier when no other point is at least as good on both and better on one. */
function bruteForce(points: { x: number; y: number }[], better: (a: number, b: number) => boolean) {
  return points.filter(
    (p) => !points.some((q) => q !== p && !better(p.x, q.x) && q.y <= p.y && (better(q.x, p.x) || q.y < p.y)),
  );
}

describe('paretoFrontier', () => {
  it('keeps the points no other point dominates, cheapest first', () => {
    const pts = [
      { x: 1, y: 9 },
      { x: 2, y: 5 },
      { x: 3, y: 6 },
      { x: 4, y: 2 },
      { x: 8, y: 2 },
    ];
    expect(paretoFrontier(pts)).toEqual([pts[0], pts[1], pts[3]]);
  });

  it('agrees with brute force on random clouds, for min and max x', () => {
    let state = 7;
    const rand = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    for (let trial = 0; trial < 20; trial++) {
      const pts = Array.from({ length: 25 }, () => ({
        x: Math.round(rand() * 50),
        y: Math.round(rand() * 50),
      }));
      const unique = pts.filter((p, i) => pts.findIndex((q) => q.x === p.x && q.y === p.y) === i);
      const key = (p: { x: number; y: number }) => `${p.x},${p.y}`;
      expect(paretoFrontier(unique).map(key).sort()).toEqual(
        bruteForce(unique, (a, b) => a < b)
          .map(key)
          .sort(),
      );
      expect(paretoFrontier(unique, 'max').map(key).sort()).toEqual(
        bruteForce(unique, (a, b) => a > b)
          .map(key)
          .sort(),
      );
    }
  });

  it('returns nothing for no points', () => {
    expect(paretoFrontier([])).toEqual([]);
  });
});
