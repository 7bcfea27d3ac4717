// WebGPU on a real adapter: one matmul and one gradient. Runs only with FLOPMATCH_GPU_TESTS=1 (see
// @flopmatch/tsconfig/vitest); where no adapter exists the tests skip with the probe's reason.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initRuntime } from './init-runtime.js';

describe('webgpu backend', () => {
  let unavailable: string | undefined;
  beforeAll(async () => {
    try {
      const info = await initRuntime({ backend: 'webgpu' });
      console.log(`webgpu: ${info.reason}`);
    } catch (error) {
      unavailable = (error as Error).message.split('\n')[0];
    }
  });

  it('multiplies matrices', async (ctx) => {
    if (unavailable) ctx.skip(`no WebGPU adapter here: ${unavailable}`);
    expect(tf.getBackend()).toBe('webgpu');
    const a = tf.randomNormal([64, 48], 0, 1, 'float32', 1);
    const b = tf.randomNormal([48, 32], 0, 1, 'float32', 2);
    const got = await tf.matMul(a, b).data();
    // Reference in float64 JS.
    const [av, bv] = [a.dataSync(), b.dataSync()];
    let maxError = 0;
    for (let i = 0; i < 64; i++)
      for (let j = 0; j < 32; j++) {
        let s = 0;
        for (let k = 0; k < 48; k++) s += av[i * 48 + k]! * bv[k * 32 + j]!;
        maxError = Math.max(maxError, Math.abs(got[i * 32 + j]! - s));
      }
    expect(maxError).toBeLessThan(1e-3);
  });

  it('computes a gradient: d/dx Σ (x·W)² = 2·(x·W)·Wᵀ', async (ctx) => {
    if (unavailable) ctx.skip(`no WebGPU adapter here: ${unavailable}`);
    const x = tf.tensor2d([[1, 2, 3]]);
    const w = tf.tensor2d([
      [1, 0],
      [0, 1],
      [1, 1],
    ]);
    const g = await tf
      .grad((v: tf.Tensor) => tf.sum(tf.square(tf.matMul(v as tf.Tensor2D, w))))(x)
      .data();
    // x·W = [4, 5]; 2·[4, 5]·Wᵀ = [8, 10, 18]
    expect(Array.from(g)).toEqual([8, 10, 18]);
  });
});
