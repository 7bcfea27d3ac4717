import { describe, expect, it } from 'vitest';
import { flowTimesteps, shiftTime } from './flow-timesteps.js';

describe('flow time grid', () => {
  it('is uniform from 1 to 0 without shift', () => {
    expect(flowTimesteps(4, 1)).toEqual([1, 0.75, 0.5, 0.25, 0]);
    expect(flowTimesteps(1, 1)).toEqual([1, 0]);
  });

  it("applies SD3's shift t' = s·t / (1 + (s − 1)·t) (hand values for s = 3)", () => {
    // 0.75 → 2.25/2.5 = 0.9; 0.5 → 1.5/2 = 0.75; 0.25 → 0.75/1.5 = 0.5
    const grid = flowTimesteps(4, 3);
    expect(grid[0]).toBe(1);
    expect(grid[1]).toBeCloseTo(0.9, 15);
    expect(grid[2]).toBeCloseTo(0.75, 15);
    expect(grid[3]).toBeCloseTo(0.5, 15);
    expect(grid[4]).toBe(0);
    expect(shiftTime(0.5, 1)).toBe(0.5);
    // 8 steps, s = 3, as exact fractions: 3t / (1 + 2t) at t = 7/8 … 1/8
    const eight = [1, 21 / 22, 9 / 10, 5 / 6, 3 / 4, 9 / 14, 1 / 2, 3 / 10, 0];
    flowTimesteps(8, 3).forEach((t, i) => {
      expect(t).toBeCloseTo(eight[i]!, 14);
    });
  });

  it('decreases strictly for any positive shift', () => {
    for (const shift of [0.3, 1, 3, 10]) {
      const grid = flowTimesteps(17, shift);
      for (let i = 1; i < grid.length; i++) expect(grid[i]!).toBeLessThan(grid[i - 1]!);
    }
  });
});
