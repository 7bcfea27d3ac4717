/**
 * Gradient clipping by global norm — R. Pascanu, T. Mikolov, Y. Bengio, "On the difficulty of training
 * recurrent neural networks", arXiv:1211.5063, §3.2, Algorithm 1: if ‖g‖ > c then g ← c·g/‖g‖, with ‖g‖
 * the L2 norm over all parameters' gradients together (as PyTorch's `clip_grad_norm_`).
 */
import * as tf from '@tensorflow/tfjs-core';
import { OptionError } from '../errors.js';

/** Clipped gradients and the global norm measured before clipping. */
export interface ClippedGrads<G> {
  grads: G;
  /** ‖g‖₂ over every gradient, before clipping. */
  norm: number;
}

/**
 * Scales `grads` so their global L2 norm is at most `maxNorm`. Takes ownership of `grads`: when it clips, it
 * returns new tensors and disposes the inputs; otherwise it returns the inputs themselves. Reads the norm
 * back (one sync) so it can be logged.
 *
 * @example
 * const { grads: clipped, norm } = clipGradNorm(grads, 1.0);
 */
export function clipGradNorm<G extends Map<string, tf.Tensor> | Record<string, tf.Tensor>>(
  grads: G,
  maxNorm: number,
): ClippedGrads<G> {
  if (!(maxNorm > 0)) throw new OptionError('clipGradNorm', 'maxNorm', maxNorm, 'a positive number');
  const entries: [string, tf.Tensor][] = grads instanceof Map ? [...grads] : Object.entries(grads);
  if (entries.length === 0) return { grads, norm: 0 };
  const norm = tf.tidy(() => Math.sqrt(tf.addN(entries.map(([, g]) => tf.sum(tf.square(g)))).dataSync()[0]!)); // ‖g‖₂
  const coef = maxNorm / (norm + 1e-6);
  if (coef >= 1) return { grads, norm };
  const scaled = entries.map(([k, g]) => {
    const s = tf.mul(g, coef); // c·g/‖g‖
    g.dispose();
    return [k, s] as [string, tf.Tensor];
  });
  const out = (grads instanceof Map ? new Map(scaled) : Object.fromEntries(scaled)) as G;
  return { grads: out, norm };
}
