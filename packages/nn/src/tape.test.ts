// Layers take their plain forward ops outside a gradient tape; the values must equal the taped ones.
import { forEachBackend } from '@flopmatch/runtime/testing';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { gelu, silu } from './activations.js';
import { layerNorm } from './layer-norm.js';
import { linear } from './matmul.js';
import { rmsNorm } from './rms-norm.js';
import { recordingGradients } from './tape.js';
import { randn } from './testing/tensors.js';

forEachBackend(['cpu', 'wasm'], () => {
  it('knows when a tape is recording', () => {
    expect(recordingGradients()).toBe(false);
    let inside = false;
    tf.grad((x: tf.Tensor) => {
      inside = recordingGradients();
      return tf.sum(x);
    })(tf.ones([2]));
    expect(inside).toBe(true);
  });

  it('computes the same values with and without a tape', () => {
    const x = randn([3, 4, 8], 1);
    const [g, b, w, wb] = [randn([8], 2), randn([8], 3), randn([8, 5], 4), randn([5], 5)];
    const layers: Array<(v: tf.Tensor) => tf.Tensor> = [
      (v) => layerNorm(v, g, b),
      (v) => layerNorm(v),
      (v) => rmsNorm(v, g),
      (v) => gelu(v),
      (v) => silu(v),
      (v) => linear(v, w as tf.Tensor2D, wb as tf.Tensor1D),
    ];
    for (const f of layers) {
      const plain = f(x).dataSync();
      let taped: ArrayLike<number> = [];
      tf.grad((v: tf.Tensor) => {
        const y = f(v);
        taped = y.dataSync();
        return tf.sum(y);
      })(x);
      expect(taped.length).toBe(plain.length);
      for (let i = 0; i < plain.length; i++) expect(Math.abs(taped[i]! - plain[i]!)).toBeLessThan(1e-6);
    }
  });
});
