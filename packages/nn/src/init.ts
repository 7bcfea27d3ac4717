/**
 * Parameter initialisers. All randomness comes from a `RandomSource` (`rng.tfSeed()` seeds the tfjs op),
 * so a model is reproducible from its seed on every backend (tfjs draws random tensors in JavaScript).
 *
 * - GPT-2 (Radford et al. 2019; nanoGPT `_init_weights`): weights N(0, 0.02²), residual projections
 *   N(0, (0.02/√(2L))²) for L layers.
 * - DiT (Peebles & Xie, "Scalable Diffusion Models with Transformers", arXiv:2212.09748, §3.2): Xavier-
 *   uniform linear layers, zero-initialised adaLN modulation and final layers ("adaLN-Zero").
 * - Xavier/Glorot (Glorot & Bengio 2010): U(−a, a) with a = √(6 / (fan_in + fan_out)).
 */
import type { RandomSource } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';

/** How a weight is initialised: `normal` (N(0, std²)), `xavier-uniform` or `zeros`. */
export type WeightInit = 'normal' | 'xavier-uniform' | 'zeros';

/** N(0, std²) of `shape`. */
export function normalInit(shape: number[], std: number, rng: RandomSource): tf.Tensor {
  return tf.randomNormal(shape, 0, std, 'float32', rng.tfSeed());
}

/** Xavier/Glorot uniform for a weight whose fans are `fanIn` and `fanOut`. */
export function xavierUniformInit(
  shape: number[],
  fanIn: number,
  fanOut: number,
  rng: RandomSource,
): tf.Tensor {
  const a = Math.sqrt(6 / (fanIn + fanOut));
  return tf.randomUniform(shape, -a, a, 'float32', rng.tfSeed());
}

/** The GPT-2 residual-projection std: `std / √(2·layers)` (two residual branches per block). */
export function residualStd(std: number, layers: number): number {
  return std / Math.sqrt(2 * layers);
}

/** Initialises a weight of `shape` with fans `fanIn`/`fanOut` by `init`. */
export function initWeight(
  init: WeightInit,
  shape: number[],
  fans: { fanIn: number; fanOut: number },
  std: number,
  rng: RandomSource,
): tf.Tensor {
  if (init === 'zeros') return tf.zeros(shape);
  if (init === 'xavier-uniform') return xavierUniformInit(shape, fans.fanIn, fans.fanOut, rng);
  return normalInit(shape, std, rng);
}
