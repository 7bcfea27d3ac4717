import { describe, expect, it } from 'vitest';
import { psnr, psnrBatch } from './psnr.js';
import { floatImagesToUint8 } from './uint8-images.js';

describe('psnr', () => {
  it('is 10·log10(255²/MSE) for a known error (hand computation)', () => {
    // Errors of 5 on every value → MSE 25 → 10·log10(65025/25) = 10·log10(2601) ≈ 34.1514 dB.
    const a = Uint8Array.from([10, 20, 30, 40]);
    const b = Uint8Array.from([15, 15, 35, 35]);
    expect(psnr(a, b)).toBeCloseTo(10 * Math.log10(2601), 12);
    expect(psnr(a, b)).toBeCloseTo(34.1514, 4);
    // One value off by 255 in 4 values → MSE 255²/4 → 10·log10(4) ≈ 6.0206 dB.
    expect(psnr(Uint8Array.from([0, 0, 0, 0]), Uint8Array.from([255, 0, 0, 0]))).toBeCloseTo(
      10 * Math.log10(4),
      12,
    );
  });

  it('is +Infinity for identical images', () => {
    expect(psnr(Uint8Array.from([1, 2]), Uint8Array.from([1, 2]))).toBe(Number.POSITIVE_INFINITY);
  });

  it('averages per-image PSNR over a batch and reports n', () => {
    const a = {
      data: Uint8Array.from([0, 0, 0, 0]),
      shape: [2, 1, 2, 1] as [number, number, number, number],
    };
    const b = {
      data: Uint8Array.from([5, 5, 0, 255]),
      shape: [2, 1, 2, 1] as [number, number, number, number],
    };
    const r = psnrBatch(a, b);
    const first = 10 * Math.log10(65025 / 25);
    const second = 10 * Math.log10(65025 / (65025 / 2));
    expect(r.value).toBeCloseTo((first + second) / 2, 12);
    expect(r.n).toBe(2);
    expect(r.details!.perImage).toEqual([expect.closeTo(first, 12), expect.closeTo(second, 12)]);
    expect(() => psnrBatch(a, { data: new Uint8Array(4), shape: [1, 2, 2, 1] })).toThrow(/shapes differ/);
  });

  it('floatImagesToUint8 inverts v/127.5 − 1 exactly and clamps', () => {
    const pixels = Array.from({ length: 256 }, (_, i) => i);
    const u = floatImagesToUint8(
      pixels.map((p) => Math.fround(p / 127.5 - 1)),
      [1, 16, 16, 1],
    );
    expect(Array.from(u.data)).toEqual(pixels);
    expect(Array.from(floatImagesToUint8([-3, 3], [1, 1, 2, 1]).data)).toEqual([0, 255]);
  });
});
