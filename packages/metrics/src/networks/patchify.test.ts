import { Rng } from '@flopmatch/core';
import { im2col } from '@flopmatch/nn';
import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { patchGrid, patchify } from './patchify.js';

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
});

const geometry = { kernel: 8, stride: 4, padding: 2, padValue: -1 };

describe('patchify', () => {
  it('gives the ⌊(H + 2p − k)/s⌋ + 1 grid: 8 × 8 for 32 px, 7 × 7 for 28 px', () => {
    expect(patchGrid(geometry, 32, 32)).toEqual([8, 8]);
    expect(patchGrid(geometry, 28, 28)).toEqual([7, 7]);
    expect(() => patchGrid(geometry, 2, 2)).toThrow(/does not fit a 2×2 image/);
  });

  it('equals nn im2col of the image padded with the pad value (the convolution weight order)', () => {
    const rng = new Rng(3);
    const [n, h, w, c] = [2, 12, 10, 3];
    const data = Float32Array.from({ length: n * h * w * c }, () => rng.uniform() * 2 - 1);
    const g = { kernel: 4, stride: 3, padding: 1, padValue: -1 };
    const ours = patchify(data, n, h, w, c, g);
    const padded = tf.pad(
      tf.tensor4d(data, [n, h, w, c]),
      [
        [0, 0],
        [1, 1],
        [1, 1],
        [0, 0],
      ],
      -1,
    ) as tf.Tensor4D;
    const theirs = im2col(padded, 4, 3);
    expect(theirs.shape).toEqual([n, ...patchGrid(g, h, w), 4 * 4 * c]);
    expect(Array.from(ours)).toEqual(Array.from(theirs.dataSync()));
  });

  it('reads pixel (row i, column j, channel c) of each window at (i·k + j)·C + c', () => {
    // One 3×3 grey image with values 0..8, window 2, stride 1, no padding: windows at (0,0), (0,1), (1,0), (1,1).
    const img = Float32Array.from({ length: 9 }, (_, i) => i);
    const out = patchify(img, 1, 3, 3, 1, { kernel: 2, stride: 1, padding: 0, padValue: 0 });
    expect(Array.from(out)).toEqual([0, 1, 3, 4, 1, 2, 4, 5, 3, 4, 6, 7, 4, 5, 7, 8]);
  });

  it('appends max over channels with maxChannel: the same mask for every palette colour', () => {
    // Two 1×1 RGB images, red and cyan, window 1: patches [r, g, b, max].
    const img = Float32Array.from([1, -1, -1, -1, 1, 1]);
    const out = patchify(img, 2, 1, 1, 3, {
      kernel: 1,
      stride: 1,
      padding: 0,
      padValue: -1,
      maxChannel: true,
    });
    expect(Array.from(out)).toEqual([1, -1, -1, 1, -1, 1, 1, 1]);
    const padded = patchify(Float32Array.of(0.5, 0), 1, 1, 1, 2, {
      kernel: 3,
      stride: 1,
      padding: 1,
      padValue: -1,
      maxChannel: true,
    });
    expect(padded.length).toBe(9 * 3);
    expect(Array.from(padded.subarray(12, 15))).toEqual([0.5, 0, 0.5]); // the centre pixel
    expect(Array.from(padded.subarray(0, 3))).toEqual([-1, -1, -1]); // padding: its max is the pad value
  });

  it('refuses data whose length does not match the shape', () => {
    expect(() => patchify(new Float32Array(10), 1, 3, 3, 1, geometry)).toThrow(
      /10 values for 1 images of 3×3×1/,
    );
  });
});
