import { Rng } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import type { FloatImage } from './image-types.js';
import { areaWeights, resizeImage, resizeUint8Image } from './resize.js';

/** Independent reference: replicate to a common multiple of both sizes (nearest), then average blocks. */
function referenceResize(img: FloatImage, width: number, height: number): number[] {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const lx = (img.width * width) / gcd(img.width, width);
  const ly = (img.height * height) / gcd(img.height, height);
  const out: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < img.channels; c++) {
        let sum = 0;
        const bx = lx / width;
        const by = ly / height;
        for (let v = y * by; v < (y + 1) * by; v++) {
          for (let u = x * bx; u < (x + 1) * bx; u++) {
            const sx = Math.floor((u * img.width) / lx);
            const sy = Math.floor((v * img.height) / ly);
            sum += img.data[(sy * img.width + sx) * img.channels + c]!;
          }
        }
        out.push(sum / (bx * by));
      }
    }
  }
  return out;
}

describe('area resize', () => {
  it('averages 2×2 blocks when halving', () => {
    const data = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    const out = resizeImage({ width: 4, height: 4, channels: 1, data }, { width: 2, height: 2 });
    expect(Array.from(out.data)).toEqual([3.5, 5.5, 11.5, 13.5]);
  });

  it('weights partial overlaps by length (3 → 2)', () => {
    const w = areaWeights(3, 2);
    expect(Array.from(w.start)).toEqual([0, 1]);
    expect(Array.from(w.weights[0]!)).toEqual([2 / 3, 1 / 3]);
    expect(Array.from(w.weights[1]!)).toEqual([1 / 3, 2 / 3]);
    const out = resizeImage(
      { width: 3, height: 1, channels: 1, data: Float32Array.from([0, 3, 6]) },
      { width: 2, height: 1 },
    );
    expect(out.data[0]).toBeCloseTo(1, 6); // (0·1 + 3·0.5) / 1.5
    expect(out.data[1]).toBeCloseTo(5, 6); // (3·0.5 + 6·1) / 1.5
  });

  it('replicates pixels when upsampling by an integer factor, and is the identity at the same size', () => {
    const img = { width: 2, height: 1, channels: 2, data: Float32Array.from([1, -1, 0.5, 0.25]) };
    expect(Array.from(resizeImage(img, { width: 4, height: 2 }).data)).toEqual([
      1, -1, 1, -1, 0.5, 0.25, 0.5, 0.25, 1, -1, 1, -1, 0.5, 0.25, 0.5, 0.25,
    ]);
    expect(resizeImage(img, { width: 2, height: 1 })).toEqual(img);
  });

  it('matches an independent replicate-then-block-average reference on random images', () => {
    const rng = new Rng(9);
    for (const [w, h, tw, th] of [
      [6, 5, 4, 3],
      [7, 7, 3, 2],
      [3, 4, 5, 7],
    ] as const) {
      const img = {
        width: w,
        height: h,
        channels: 3,
        data: Float32Array.from({ length: w * h * 3 }, () => rng.uniform() * 2 - 1),
      };
      const out = resizeImage(img, { width: tw, height: th });
      const ref = referenceResize(img, tw, th);
      out.data.forEach((v, i) => {
        expect(v).toBeCloseTo(ref[i]!, 5);
      });
    }
  });

  it('rounds byte images to the nearest value', () => {
    const img = { width: 2, height: 1, channels: 1, data: Uint8Array.from([10, 13]) };
    expect(Array.from(resizeUint8Image(img, { width: 1, height: 1 }).data)).toEqual([12]); // 11.5 → 12
    expect(() => resizeUint8Image(img, { width: 0, height: 1 })).toThrow(/positive integers/);
  });
});
