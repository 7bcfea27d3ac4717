/**
 * A fully connected layer y = x·W + b on the last axis, W stored [in, out] (so the forward product needs no
 * transpose; PyTorch stores [out, in] — transpose when importing its weights).
 */
import { parseConfig, type RandomSource } from '@flopmatch/core';
import type * as tf from '@tensorflow/tfjs-core';
import { zeros } from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { initWeight, residualStd, type WeightInit } from './init.js';
import { linear } from './matmul.js';
import { Module } from './module.js';

/** Options of `Linear`. */
export interface LinearOptions {
  /** Source of the initial weights (`rng.tfSeed()`). Required: a model is reproducible from its seed. */
  rng: RandomSource;
  /** Add a bias b (initialised to zero, excluded from weight decay). Default true. */
  bias?: boolean;
  /**
   * Weight initialisation. `normal`: N(0, std²) (GPT-2); `xavier-uniform`: Glorot uniform (DiT);
   * `zeros`: all zero (DiT's adaLN modulation and final layers, "adaLN-Zero"). Default `normal`.
   */
  init?: WeightInit;
  /** Standard deviation of the `normal` init. Default 0.02 (GPT-2). */
  std?: number;
  /**
   * Number of Transformer layers L when this is a residual projection: std becomes std/√(2L) (GPT-2's
   * scaled residual init). Default: not a residual projection.
   */
  residualLayers?: number;
}

const LinearConfigSchema = z.strictObject({
  type: z.literal('nn:linear'),
  version: z.literal(1),
  inFeatures: z.number().int().positive(),
  outFeatures: z.number().int().positive(),
  bias: z.boolean(),
  init: z.enum(['normal', 'xavier-uniform', 'zeros']),
  std: z.number().positive(),
  residualLayers: z.number().int().positive().nullable(),
});

/** The serialisable config of a `Linear` (the rng is runtime-only and excluded). */
export type LinearConfig = z.output<typeof LinearConfigSchema>;

/**
 * y = x·W + b for x [..., in] → [..., out], through the fast-gradient `matmul`.
 *
 * @example
 * const fc = new Linear(256, 1024, { rng });
 * const y = fc.forward(x); // [B, T, 256] → [B, T, 1024]
 */
export class Linear extends Module {
  readonly config: LinearConfig;
  /** [in, out] */
  readonly weight: tf.Variable;
  /** [out], absent with `bias: false`. */
  readonly bias: tf.Variable | undefined;

  constructor(inFeatures: number, outFeatures: number, options: LinearOptions) {
    super();
    this.config = parseConfig(
      LinearConfigSchema,
      {
        type: 'nn:linear',
        version: 1,
        inFeatures,
        outFeatures,
        bias: options.bias ?? true,
        init: options.init ?? 'normal',
        std: options.std ?? 0.02,
        residualLayers: options.residualLayers ?? null,
      },
      'Linear options',
    );
    const { std, residualLayers, init } = this.config;
    const sigma = residualLayers === null ? std : residualStd(std, residualLayers);
    this.weight = this.param(
      'weight',
      initWeight(
        init,
        [inFeatures, outFeatures],
        { fanIn: inFeatures, fanOut: outFeatures },
        sigma,
        options.rng,
      ),
    );
    this.bias = this.config.bias ? this.param('bias', zeros([outFeatures]), { decay: false }) : undefined;
  }

  /** x [..., in] → [..., out]. */
  forward(x: tf.Tensor): tf.Tensor {
    return linear(x, this.weight as tf.Tensor2D, this.bias as tf.Tensor1D | undefined);
  }
}
