import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BackendUnavailableError, initRuntime, runtimeInfo } from './init-runtime.js';

describe('initRuntime', () => {
  it('activates a named backend and computes with it', async () => {
    const info = await initRuntime({ backend: 'cpu' });
    expect(info.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(Array.from(await tf.matMul([[1, 2]], [[3], [4]]).data())).toEqual([11]);
    expect(runtimeInfo()).toBe(info);
  });

  it('runs wasm with SIMD and registered gradients', async () => {
    const info = await initRuntime({ backend: 'wasm' });
    expect(tf.getBackend()).toBe('wasm');
    expect(info.details.simd).toBe(true);
    // d/dx sum(x·x) = 2x: proves gradients are registered on this backend.
    const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(x, x)))(tf.tensor1d([1, -2, 3]));
    expect(Array.from(await g.data())).toEqual([2, -4, 6]);
  });

  it('auto picks the first backend that works and records why the others did not', async () => {
    const info = await initRuntime({ backend: 'auto' });
    const ok = info.attempts.filter((a) => a.ok);
    expect(ok).toHaveLength(1);
    expect(ok[0]!.backend).toBe(info.backend);
    for (const failed of info.attempts.filter((a) => !a.ok)) expect(failed.reason.length).toBeGreaterThan(0);
    expect(info.reason).toMatch(/^auto: /);
  });

  it('explains how to install an optional backend that is missing', async () => {
    let error: unknown;
    try {
      await initRuntime({ backend: 'tensorflow-gpu' });
    } catch (e) {
      error = e;
    }
    // Where tfjs-node-gpu is installed this test has nothing to check.
    if (error === undefined) return expect(tf.getBackend()).toBe('tensorflow');
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as Error).message).toMatch(/tensorflow-gpu.*not available/);
    expect((error as Error).message).toMatch(/fix: npm install @tensorflow\/tfjs-node-gpu/);
  });

  it('rejects an unknown backend named in FLOPMATCH_BACKEND', async () => {
    const saved = process.env.FLOPMATCH_BACKEND;
    process.env.FLOPMATCH_BACKEND = 'cuda';
    try {
      await expect(initRuntime()).rejects.toThrow(
        /unknown backend 'cuda' \(from FLOPMATCH_BACKEND\)[\s\S]*use one of auto/,
      );
    } finally {
      if (saved === undefined) delete process.env.FLOPMATCH_BACKEND;
      else process.env.FLOPMATCH_BACKEND = saved;
    }
  });
});
