import { Rng } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import { gaussianWindow, ssimBatch, ssimPlane } from './ssim.js';
import type { Uint8Images } from './uint8-images.js';

/**
 * Independent SSIM: for every window position, 2-D Gaussian weights written out, weighted means and
 * centred (two-pass) variances and covariance, then Wang et al. eq. (13); mean over positions.
 */
function referenceSsim(x: number[], y: number[], h: number, w: number): number {
  const size = 11;
  const sigma = 1.5;
  const c1 = (0.01 * 255) ** 2;
  const c2 = (0.03 * 255) ** 2;
  const weights: number[][] = [];
  let total = 0;
  for (let i = 0; i < size; i++) {
    weights.push([]);
    for (let j = 0; j < size; j++) {
      const v = Math.exp(-((i - 5) ** 2 + (j - 5) ** 2) / (2 * sigma * sigma));
      weights[i]!.push(v);
      total += v;
    }
  }
  let sum = 0;
  let count = 0;
  for (let top = 0; top + size <= h; top++) {
    for (let left = 0; left + size <= w; left++) {
      let mx = 0;
      let my = 0;
      for (let i = 0; i < size; i++)
        for (let j = 0; j < size; j++) {
          const wt = weights[i]![j]! / total;
          mx += wt * x[(top + i) * w + left + j]!;
          my += wt * y[(top + i) * w + left + j]!;
        }
      let vx = 0;
      let vy = 0;
      let cxy = 0;
      for (let i = 0; i < size; i++)
        for (let j = 0; j < size; j++) {
          const wt = weights[i]![j]! / total;
          const dx = x[(top + i) * w + left + j]! - mx;
          const dy = y[(top + i) * w + left + j]! - my;
          vx += wt * dx * dx;
          vy += wt * dy * dy;
          cxy += wt * dx * dy;
        }
      sum += ((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
      count++;
    }
  }
  return sum / count;
}

function noisyPair(seed: number, h: number, w: number, c: number, noise: number): [Uint8Images, Uint8Images] {
  const rng = new Rng(seed);
  const a = new Uint8Array(h * w * c);
  const b = new Uint8Array(h * w * c);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let ch = 0; ch < c; ch++) {
        const i = (y * w + x) * c + ch;
        a[i] = Math.round(128 + 80 * Math.sin(x / 3 + ch) * Math.cos(y / 4));
        b[i] = Math.min(255, Math.max(0, Math.round(a[i]! + noise * rng.normal())));
      }
  return [
    { data: a, shape: [1, h, w, c] },
    { data: b, shape: [1, h, w, c] },
  ];
}

describe('ssim', () => {
  it('the Gaussian window is normalised and symmetric', () => {
    const g = gaussianWindow(11, 1.5);
    expect(g.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 15);
    for (let i = 0; i < 5; i++) expect(g[i]).toBe(g[10 - i]);
  });

  it('SSIM(x, x) = 1', () => {
    const [a] = noisyPair(1, 16, 20, 3, 0);
    expect(ssimBatch(a, a).value).toBeCloseTo(1, 14);
  });

  it('equals (2ab + C₁)/(a² + b² + C₁) on constant images (hand computation)', () => {
    // a = 100, b = 110: σ = 0, so SSIM = (22000 + 6.5025)/(10000 + 12100 + 6.5025).
    const x = new Float64Array(12 * 12).fill(100);
    const y = new Float64Array(12 * 12).fill(110);
    expect(ssimPlane(x, y, 12, 12)).toBeCloseTo(22006.5025 / 22106.5025, 12);
  });

  it('matches an independent brute-force computation on a noisy 24×20 pair', () => {
    const [a, b] = noisyPair(2, 24, 20, 1, 20);
    const got = ssimBatch(a, b).value;
    expect(got).toBeCloseTo(referenceSsim(Array.from(a.data), Array.from(b.data), 24, 20), 12);
    expect(got).toBeGreaterThan(0.3);
    expect(got).toBeLessThan(0.99);
  });

  it('averages channels in per-channel mode and scores BT.601 luma in luminance mode', () => {
    const [a, b] = noisyPair(3, 14, 14, 3, 25);
    const channel = (img: Uint8Images, ch: number) =>
      Array.from({ length: 14 * 14 }, (_, p) => img.data[p * 3 + ch]!);
    const perChannel = [0, 1, 2].map((ch) => referenceSsim(channel(a, ch), channel(b, ch), 14, 14));
    expect(ssimBatch(a, b).value).toBeCloseTo((perChannel[0]! + perChannel[1]! + perChannel[2]!) / 3, 12);
    const luma = (img: Uint8Images) =>
      Array.from(
        { length: 14 * 14 },
        (_, p) => 0.299 * img.data[p * 3]! + 0.587 * img.data[p * 3 + 1]! + 0.114 * img.data[p * 3 + 2]!,
      );
    expect(ssimBatch(a, b, { mode: 'luminance' }).value).toBeCloseTo(
      referenceSsim(luma(a), luma(b), 14, 14),
      12,
    );
  });

  it('falls as noise grows', () => {
    const values = [5, 20, 60].map((noise) => {
      const [a, b] = noisyPair(4, 20, 20, 1, noise);
      return ssimBatch(a, b).value;
    });
    expect(values[0]!).toBeGreaterThan(values[1]!);
    expect(values[1]!).toBeGreaterThan(values[2]!);
  });

  it('explains images smaller than the window and luminance on non-RGB input', () => {
    const small: Uint8Images = { data: new Uint8Array(8 * 8), shape: [1, 8, 8, 1] };
    expect(() => ssimBatch(small, small)).toThrow(
      /8×8 are smaller than the 11×11 window[\s\S]*windowSize ≤ 7/,
    );
    expect(ssimBatch(small, small, { windowSize: 7 }).value).toBeCloseTo(1, 14);
    const grey: Uint8Images = { data: new Uint8Array(12 * 12), shape: [1, 12, 12, 1] };
    expect(() => ssimBatch(grey, grey, { mode: 'luminance' })).toThrow(/needs 3 channels, got 1/);
  });
});
