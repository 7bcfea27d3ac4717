/**
 * The image trunk every evaluation network shares: a per-patch MLP (its first layer is a k×k, stride-s
 * convolution written as a linear map on `patchify` output), the patch grid flattened, one hidden layer,
 * then the D-dimensional feature layer that FD, KID and precision/recall read. Every layer is a `Linear`
 * from `@flopmatch/nn` (matmuls with a wasm-fast gradient), so a step costs a few matmuls on every backend.
 *
 * Legend: N images, G = Gh·Gw patches per image, P = k·k·C′ patch size (C′ = C, + 1 with the max
 * channel), D feature width.
 */
import type { FlopCount, RandomSource } from '@flopmatch/core';
import { addCosts, linearFlops, type OpCost } from '@flopmatch/flops';
import { Linear, Module } from '@flopmatch/nn';
import * as tf from '@tensorflow/tfjs-core';
import type { EvalNetConfig } from './eval-net-config.js';
import { patchChannels, patchGrid } from './patchify.js';

/** Shapes the trunk works with, derived from an `EvalNetConfig`. */
export interface TrunkGeometry {
  /** Patches per image G. */
  positions: number;
  /** Values per patch P = k·k·C. */
  patchSize: number;
}

/** G and P of a config's image and patch grid. */
export function trunkGeometry(config: Pick<EvalNetConfig, 'image' | 'patch'>): TrunkGeometry {
  const [gh, gw] = patchGrid(config.patch, config.image.height, config.image.width);
  return {
    positions: gh * gw,
    patchSize: config.patch.kernel ** 2 * patchChannels(config.patch, config.image.channels),
  };
}

/**
 * @example
 * const trunk = new PatchTrunk(config, rng.split('trunk'));
 * const features = trunk.forward(patches, n); // [N·G, P] → [N, D], after ReLU
 */
export class PatchTrunk extends Module {
  readonly geometry: TrunkGeometry;
  readonly featureDim: number;
  readonly #patchLayers: Linear[];
  readonly #hidden: Linear;
  readonly #feature: Linear;

  constructor(config: Pick<EvalNetConfig, 'image' | 'patch' | 'trunk'>, rng: RandomSource) {
    super();
    this.geometry = trunkGeometry(config);
    const { patchWidths, hidden, featureDim } = config.trunk;
    this.featureDim = featureDim;
    const init = { init: 'xavier-uniform' as const };
    let width = this.geometry.patchSize;
    this.#patchLayers = patchWidths.map((out, i) => {
      const layer = this.module(
        `patch_${i}`,
        new Linear(width, out, { rng: rng.split(`patch_${i}`), ...init }),
      );
      width = out;
      return layer;
    });
    this.#hidden = this.module(
      'hidden',
      new Linear(this.geometry.positions * width, hidden, { rng: rng.split('hidden'), ...init }),
    );
    this.#feature = this.module(
      'feature',
      new Linear(hidden, featureDim, { rng: rng.split('feature'), ...init }),
    );
  }

  /** Patches [N·G, P] (image-major) → features [N, D] (after ReLU). */
  forward(patches: tf.Tensor2D, n: number): tf.Tensor2D {
    return tf.tidy(() => {
      let h: tf.Tensor = patches;
      for (const layer of this.#patchLayers) h = tf.relu(layer.forward(h)); // [N·G, w]
      h = tf.reshape(h, [n, -1]); // [N, G·w]
      h = tf.relu(this.#hidden.forward(h)); // [N, hidden]
      return tf.relu(this.#feature.forward(h)) as tf.Tensor2D; // [N, D]
    });
  }

  /** Forward and backward cost of one image through the trunk (matmuls and bias adds, from the ledger). */
  cost(): OpCost {
    const { positions, patchSize } = this.geometry;
    const costs: OpCost[] = [];
    let width = patchSize;
    for (const layer of this.#patchLayers) {
      const out = layer.config.outFeatures;
      costs.push(linearFlops({ tokens: positions, inFeatures: width, outFeatures: out, bias: true }));
      width = out;
    }
    costs.push(
      linearFlops({
        tokens: 1,
        inFeatures: positions * width,
        outFeatures: this.#hidden.config.outFeatures,
        bias: true,
      }),
    );
    costs.push(
      linearFlops({
        tokens: 1,
        inFeatures: this.#hidden.config.outFeatures,
        outFeatures: this.featureDim,
        bias: true,
      }),
    );
    return addCosts(...costs);
  }

  /** Forward FLOPs of one image. */
  forwardFlops(): FlopCount {
    return this.cost().forward;
  }
}
