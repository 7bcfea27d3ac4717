/**
 * Inverted dropout — N. Srivastava et al., "Dropout: A Simple Way to Prevent Neural Networks from
 * Overfitting", JMLR 15 (2014), §2: each entry is kept with probability 1 − rate and scaled by 1/(1 − rate)
 * so the expectation is unchanged; nothing happens at inference (rate 0 or `training` false).
 */
import type { RandomSource } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import { OptionError } from './errors.js';

/**
 * Drops entries of `x` with probability `rate` (mask drawn from `rng.tfSeed()`, so it is reproducible).
 * Returns `x` itself when `rate` is 0.
 *
 * @example
 * dropout(h, 0.1, rng.split(step)); // training only
 */
export function dropout(x: tf.Tensor, rate: number, rng: RandomSource): tf.Tensor {
  if (!(rate >= 0 && rate < 1)) throw new OptionError('dropout', 'rate', rate, 'a probability in [0, 1)');
  if (rate === 0) return x;
  return tf.tidy(() => {
    const keep = tf.cast(
      tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, 'float32', rng.tfSeed()), rate),
      'float32',
    );
    return tf.mul(x, tf.mul(keep, 1 / (1 - rate)));
  });
}
