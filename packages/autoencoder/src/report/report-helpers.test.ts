import { describe, expect, it } from 'vitest';
import { codebookStats } from './codebook-stats.js';
import { psnrUint8, toUint8 } from './psnr.js';

describe('codebookStats', () => {
  it('counts codes used and the perplexity exp(H) of the empirical distribution', () => {
    expect(codebookStats(Int32Array.from([0, 0, 1, 1]), 4)).toEqual({
      used: 2,
      usage: 0.5,
      perplexity: 2,
      count: 4,
    });
    // p = (3/4, 1/4): H = −(¾ ln ¾ + ¼ ln ¼)
    const h = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));
    expect(codebookStats([2, 2, 2, 5], 8).perplexity).toBeCloseTo(Math.exp(h), 12);
    expect(() => codebookStats([0, 8], 8)).toThrow(/id 8 at index 1 is outside \[0, 8\)/);
  });
});

describe('psnrUint8', () => {
  it('quantises like the metrics package and averages per-image PSNR', () => {
    expect([toUint8(-1), toUint8(1), toUint8(0), toUint8(2)]).toEqual([0, 255, 128, 255]);
    // image 0: one value off by 2 of 2 → MSE 2 → 10·log10(255²/2); image 1 identical → Infinity
    const a = Float32Array.from([-1, 1, 0, 0]);
    const b = Float32Array.from([-1, 1 - 2 / 127.5, 0, 0]);
    const [p0, p1] = psnrUint8(a, b, 2);
    expect(p0).toBeCloseTo(10 * Math.log10((255 * 255) / 2), 9);
    expect(p1).toBe(Number.POSITIVE_INFINITY);
  });
});
