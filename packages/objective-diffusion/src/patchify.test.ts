import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { patchify, unpatchify } from './patchify.js';
import { timestepFeatures } from './timestep-embedding.js';

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

describe('patchify', () => {
  it('puts pixel (r, c, ch) of patch (i, j) at token i·(w/p) + j, feature ((r mod p)·p + c mod p)·C + ch; unpatchify inverts it', () => {
    const [N, h, w, C, p] = [2, 4, 6, 3, 2];
    const x = tf.tensor4d(
      Array.from({ length: N * h * w * C }, (_, i) => i),
      [N, h, w, C],
    );
    const patches = patchify(x, p);
    expect(patches.shape).toEqual([N, (h / p) * (w / p), p * p * C]);
    const P = patches.arraySync();
    const X = x.arraySync();
    for (let n = 0; n < N; n++)
      for (let r = 0; r < h; r++)
        for (let c = 0; c < w; c++)
          for (let ch = 0; ch < C; ch++) {
            const token = Math.floor(r / p) * (w / p) + Math.floor(c / p);
            const feature = ((r % p) * p + (c % p)) * C + ch;
            expect(P[n]![token]![feature]).toBe(X[n]![r]![c]![ch]);
          }
    expect(unpatchify(patches, h, w, C, p).arraySync()).toEqual(X);
    expect(unpatchify(patchify(x, 1), h, w, C, 1).arraySync()).toEqual(X);
    expect(() => patchify(tf.zeros([1, 3, 4, 1]) as tf.Tensor4D, 2)).toThrow(
      /does not split into 2×2 patches/,
    );
  });
});

describe('timestep features', () => {
  it('are [cos(t·ω_k), sin(t·ω_k)] with ω_k = 10000^(−k/(f/2))', () => {
    const f = 8;
    const out = timestepFeatures(tf.tensor1d([0, 250]), f).arraySync();
    expect(out[0]).toEqual([1, 1, 1, 1, 0, 0, 0, 0]);
    for (let k = 0; k < f / 2; k++) {
      const omega = 10000 ** (-k / (f / 2));
      expect(out[1]![k]).toBeCloseTo(Math.cos(250 * omega), 4);
      expect(out[1]![f / 2 + k]).toBeCloseTo(Math.sin(250 * omega), 4);
    }
  });
});
