import { FlopmatchError } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import { maskgitSchedule } from './maskgit-schedule.js';

describe('maskgitSchedule', () => {
  it('matches the cosine schedule by hand', () => {
    // 16·cos(π/8) = 14.78 → 14, 16·cos(π/4) = 11.31 → 11, 16·cos(3π/8) = 6.12 → 6, then 0
    expect(maskgitSchedule(16, 4)).toEqual([14, 11, 6, 0]);
    // 4·cos(π/8) = 3.70 → 3, 4·cos(π/4) = 2.83 → 2, 4·cos(3π/8) = 1.53 → 1
    expect(maskgitSchedule(4, 4)).toEqual([3, 2, 1, 0]);
    expect(maskgitSchedule(10, 1)).toEqual([0]);
  });

  it('unmasks at least one token per iteration (upper clamp: 5·cos(π/5) = 4.05 → 4, clamped to 3)', () => {
    expect(maskgitSchedule(5, 5)).toEqual([4, 3, 2, 1, 0]);
  });

  it('always decreases strictly, leaves every later iteration work and ends at zero', () => {
    for (const tokens of [1, 2, 7, 16, 64, 256]) {
      for (const k of [1, 2, 3, 8, 12, tokens]) {
        if (k > tokens) continue;
        const s = maskgitSchedule(tokens, k);
        expect(s).toHaveLength(k);
        expect(s[k - 1]).toBe(0);
        let previous = tokens;
        s.forEach((m, i) => {
          expect(m).toBeLessThan(previous);
          expect(m).toBeGreaterThanOrEqual(k - 1 - i);
          previous = m;
        });
      }
    }
  });

  it('refuses more iterations than tokens', () => {
    expect(() => maskgitSchedule(4, 5)).toThrow(FlopmatchError);
    expect(() => maskgitSchedule(4, 5)).toThrow(/iterations \(5\) ≤ tokens \(4\)[\s\S]*fix:/);
    expect(() => maskgitSchedule(4, 0)).toThrow(FlopmatchError);
  });
});
