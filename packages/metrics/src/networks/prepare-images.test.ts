import { describe, expect, it } from 'vitest';
import { prepareImages } from './prepare-images.js';

describe('prepareImages', () => {
  it('passes matching images through unchanged', () => {
    const data = Float32Array.from([0.5, -0.5, 0, 1]);
    expect(
      prepareImages(data, 1, { height: 2, width: 2, channels: 1 }, { height: 2, width: 2, channels: 1 }, -1),
    ).toBe(data);
  });

  it('centres a 2×2 grey image in 4×4 with the pad value (as MNIST 28 → 32)', () => {
    const out = prepareImages(
      Float32Array.from([1, 2, 3, 4]),
      1,
      { height: 2, width: 2, channels: 1 },
      { height: 4, width: 4, channels: 1 },
      -1,
    );
    expect(Array.from(out)).toEqual([-1, -1, -1, -1, -1, 1, 2, -1, -1, 3, 4, -1, -1, -1, -1, -1]);
  });

  it('turns RGB into grey by the channel mean and grey into RGB by repetition', () => {
    const rgb = Float32Array.from([0.3, 0.6, -0.3, 1, 1, 1]);
    const grey = prepareImages(
      rgb,
      2,
      { height: 1, width: 1, channels: 3 },
      { height: 1, width: 1, channels: 1 },
      -1,
    );
    expect(grey[0]).toBeCloseTo(0.2, 6);
    expect(grey[1]).toBeCloseTo(1, 6);
    const back = prepareImages(
      Float32Array.from([0.25]),
      1,
      { height: 1, width: 1, channels: 1 },
      { height: 1, width: 1, channels: 3 },
      -1,
    );
    expect(Array.from(back)).toEqual([0.25, 0.25, 0.25]);
  });

  it('refuses larger or odd-margin images and non-finite values, naming the fix', () => {
    const big = { height: 64, width: 64, channels: 3 };
    const net = { height: 32, width: 32, channels: 3 };
    expect(() => prepareImages(new Float32Array(64 * 64 * 3), 1, big, net, -1)).toThrow(
      /64×64×3 cannot be fed to a network trained on 32×32×3[\s\S]*resize the images to 32×32/,
    );
    expect(() =>
      prepareImages(new Float32Array(31 * 31 * 3), 1, { height: 31, width: 31, channels: 3 }, net, -1),
    ).toThrow(/cannot be fed/);
    const bad = new Float32Array(4);
    bad[2] = Number.NaN;
    expect(() =>
      prepareImages(bad, 1, { height: 2, width: 2, channels: 1 }, { height: 2, width: 2, channels: 1 }, -1),
    ).toThrow(/value NaN at index 2/);
  });
});
