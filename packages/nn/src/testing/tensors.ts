/** Deterministic test tensors (float32 values drawn from a seeded N(0, 1)). */
import * as tf from '@tensorflow/tfjs-core';
import { testRandom } from './test-random.js';

/** A tensor of `shape` with N(0, scale²) entries from `seed`. */
export function randn(shape: number[], seed: number, scale = 1): tf.Tensor {
  const rng = testRandom(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: n }, () => rng.normal() * scale),
    shape,
  );
}
