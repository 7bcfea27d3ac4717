/**
 * Finite scalar quantization (FSQ) — F. Mentzer, D. Minnen, E. Agustsson, M. Tschannen, "Finite Scalar
 * Quantization: VQ-VAE Made Simple", arXiv:2309.15505, §3 and App. A. Each of the d latent channels is
 * bounded to L_i values and rounded (straight-through), so the codebook is the implicit grid of Π L_i points:
 * no codebook, no auxiliary loss, no collapse.
 *
 *   bound(z_i) = tanh(z_i + s_i)·h_i − o_i,  h_i = (L_i − 1)(1 + ε)/2,  o_i = ½ if L_i is even else 0,
 *                s_i = atanh(o_i / h_i)      (so an even L_i gives L_i integers after rounding)
 *   ẑ_i = round(bound(z_i)) / ⌊L_i/2⌋       (codes in [−1, 1])
 *   id = Σ_i (round(bound(z_i)) + ⌊L_i/2⌋)·Π_{j<i} L_j      (mixed radix, channel 0 least significant)
 *
 * Notation: L = `levels`, ε = 1e-3.
 */
import type { BottleneckContext, BottleneckOutput } from '@flopmatch/autoencoder';
import { type FlopCount, parseConfig, type RandomSource } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import { z as zod } from 'zod';
import { Quantizer } from './quantizer.js';
import { straightThrough } from './straight-through.js';

/** ε of the bound (keeps round(bound) from reaching the open end of tanh's range). */
export const FSQ_EPSILON = 1e-3;

/** Options of `FiniteScalarQuantizer` (also its serialisable config). */
export const FiniteScalarQuantizerConfigSchema = zod.strictObject({
  type: zod.literal('vq:finite-scalar').default('vq:finite-scalar'),
  version: zod.literal(1).default(1),
  /**
   * L_i, the number of values of each channel (d = levels.length channels, K = Π L_i codes). Default
   * [8, 8, 8] (512 codes); the paper recommends e.g. [8, 5, 5, 5] for 1000 codes.
   */
  levels: zod.array(zod.number().int().min(2).max(64)).min(1).max(16).default([8, 8, 8]),
});

/** A `FiniteScalarQuantizer`'s config (parsed). */
export type FiniteScalarQuantizerConfig = zod.output<typeof FiniteScalarQuantizerConfigSchema>;
/** What a caller may pass. */
export type FiniteScalarQuantizerOptions = zod.input<typeof FiniteScalarQuantizerConfigSchema>;

/**
 * @example
 * const fsq = new FiniteScalarQuantizer({ levels: [8, 5, 5, 5] });
 * fsq.codebookSize; // 1000
 */
export class FiniteScalarQuantizer extends Quantizer {
  readonly config: FiniteScalarQuantizerConfig;
  readonly codebookSize: number;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly #half: tf.Tensor1D; // h_i
  readonly #offset: tf.Tensor1D; // o_i
  readonly #shift: tf.Tensor1D; // s_i
  readonly #halfWidth: tf.Tensor1D; // ⌊L_i/2⌋ (float)
  readonly #basis: tf.Tensor1D; // Π_{j<i} L_j (int32)
  readonly #levels: tf.Tensor1D; // L_i (int32)

  constructor(options: FiniteScalarQuantizerOptions = {}, _rng?: RandomSource) {
    super();
    this.config = parseConfig(FiniteScalarQuantizerConfigSchema, options, 'FiniteScalarQuantizer options');
    const L = this.config.levels;
    this.codebookSize = L.reduce((p, l) => p * l, 1);
    this.inChannels = L.length;
    this.outChannels = L.length;
    const half = L.map((l) => ((l - 1) * (1 + FSQ_EPSILON)) / 2);
    const offset = L.map((l) => (l % 2 === 0 ? 0.5 : 0));
    this.#half = tf.tensor1d(half);
    this.#offset = tf.tensor1d(offset);
    this.#shift = tf.tensor1d(offset.map((o, i) => Math.atanh(o / half[i]!)));
    this.#halfWidth = tf.tensor1d(L.map((l) => Math.floor(l / 2)));
    let b = 1;
    this.#basis = tf.tensor1d(
      L.map((l) => {
        const v = b;
        b *= l;
        return v;
      }),
      'int32',
    );
    this.#levels = tf.tensor1d(L, 'int32');
  }

  /** bound(z) = tanh(z + s)·h − o. */
  bound(z: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.sub(tf.mul(tf.tanh(tf.add(z, this.#shift)), this.#half), this.#offset));
  }

  /** z → ẑ = round(bound(z)) / ⌊L/2⌋ with a straight-through round. */
  quantize(z: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const b = this.bound(z);
      return tf.div(straightThrough(b, tf.round(b)), this.#halfWidth);
    });
  }

  /** Normalised codes ẑ [..., d] → ids [...] (mixed radix). */
  codesToIds(codes: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const digits = tf.cast(tf.round(tf.add(tf.mul(codes, this.#halfWidth), this.#halfWidth)), 'int32'); // [0, L − 1]
      return tf.sum(tf.mul(digits, this.#basis), -1);
    });
  }

  /** ids [...] → normalised codes ẑ [..., d]. */
  idsToCodes(ids: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const digits = tf.mod(tf.floorDiv(tf.expandDims(ids, -1), this.#basis), this.#levels); // [..., d]
      return tf.div(tf.sub(tf.cast(digits, 'float32'), this.#halfWidth), this.#halfWidth);
    });
  }

  forward(z: tf.Tensor4D, _context: BottleneckContext): BottleneckOutput {
    return tf.tidy(() => {
      const q = this.quantize(z) as tf.Tensor4D;
      return { latent: q, losses: {}, ids: this.codesToIds(q) as tf.Tensor3D };
    });
  }

  ids(z: tf.Tensor4D): tf.Tensor3D {
    return tf.tidy(() => this.codesToIds(this.quantize(z))) as tf.Tensor3D;
  }

  embed(ids: tf.Tensor3D): tf.Tensor4D {
    return this.idsToCodes(ids) as tf.Tensor4D;
  }

  /** Bounding and rounding are elementwise: no counted FLOPs. */
  encodeFlopsPerPosition(): FlopCount {
    return { model: 0, executed: 0 };
  }

  override dispose(): void {
    super.dispose();
    tf.dispose([this.#half, this.#offset, this.#shift, this.#halfWidth, this.#basis, this.#levels]);
  }
}
