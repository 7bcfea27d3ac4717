/**
 * The timestep embedder of DiT (Peebles & Xie, arXiv:2212.09748, §3.2): sinusoidal features of t, then an
 * MLP Linear(f, d) → SiLU → Linear(d, d). The sinusoids are those of Vaswani et al., arXiv:1706.03762, §3.5,
 * with the cos half first as DiT/ADM write them; t ∈ [0, 1] is multiplied by `scale` (1000, as SD3 feeds
 * its timesteps) so the frequencies resolve it.
 *
 * Notation: f features (even), k = 0 … f/2 − 1, ω_k = 10000^(−k/(f/2)), features [cos(t·ω), sin(t·ω)].
 */
import type { RandomSource } from '@flopmatch/core';
import { Linear, Module, silu } from '@flopmatch/nn';
import * as tf from '@tensorflow/tfjs-core';

/** Sinusoidal features [N, f] of timesteps t [N] (already scaled). */
export function timestepFeatures(t: tf.Tensor1D, f: number, maxPeriod = 10000): tf.Tensor2D {
  const half = f / 2;
  const freqs = Float32Array.from({ length: half }, (_, k) => Math.exp((-Math.log(maxPeriod) * k) / half)); // ω_k
  return tf.tidy(() => {
    const args = tf.mul(tf.reshape(tf.cast(t, 'float32'), [-1, 1]), tf.tensor2d(freqs, [1, half])); // [N, f/2]
    return tf.concat([tf.cos(args), tf.sin(args)], 1) as tf.Tensor2D; // §3.5: [cos(t·ω_k), sin(t·ω_k)]
  });
}

/** Options of `TimestepEmbedder`. */
export interface TimestepEmbedderOptions {
  /** f: sinusoidal features (even). DiT: 256. */
  frequencyDim: number;
  /** Factor applied to t ∈ [0, 1] before the sinusoids. SD3: 1000. */
  scale: number;
  /** Seeds the MLP's weights (N(0, 0.02²), as DiT). Required. */
  rng: RandomSource;
}

/** t [N] → c [N, d]: the conditioning vector (a prefix token or the adaLN input). */
export class TimestepEmbedder extends Module {
  readonly fc1: Linear;
  readonly fc2: Linear;
  readonly frequencyDim: number;
  readonly scale: number;
  constructor(width: number, options: TimestepEmbedderOptions) {
    super();
    this.frequencyDim = options.frequencyDim;
    this.scale = options.scale;
    this.fc1 = this.module('fc1', new Linear(options.frequencyDim, width, { rng: options.rng.split('fc1') }));
    this.fc2 = this.module('fc2', new Linear(width, width, { rng: options.rng.split('fc2') }));
  }
  forward(t: tf.Tensor1D): tf.Tensor2D {
    return tf.tidy(() => {
      const features = timestepFeatures(tf.mul(t, this.scale) as tf.Tensor1D, this.frequencyDim); // [N, f]
      return this.fc2.forward(silu(this.fc1.forward(features))) as tf.Tensor2D; // [N, d]
    });
  }
}
