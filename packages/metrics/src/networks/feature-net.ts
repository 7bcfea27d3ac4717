/**
 * The per-dataset feature/classifier network: the shared `PatchTrunk` (its D-dimensional feature layer is
 * what FD, KID and precision/recall read) and one linear head trained with cross-entropy:
 *
 * - `shapes-cells`: for each cell of the 3 × 3 layout a softmax over {empty, shapes…}, one over colours and
 *   one over sizes (colour and size count only on occupied cells), so scenes of 1–3 objects are described
 *   exactly and presence, position and count follow;
 * - `classes`: one softmax over the dataset's classes (MNIST, Fashion-MNIST).
 */
import type { RandomSource } from '@flopmatch/core';
import { addCosts, linearFlops, type OpCost } from '@flopmatch/flops';
import { Linear, Module } from '@flopmatch/nn';
import * as tf from '@tensorflow/tfjs-core';
import { MetricInputError } from '../errors.js';
import { crossEntropy } from './cross-entropy.js';
import type { EvalNetConfig } from './eval-net-config.js';
import { PatchTrunk } from './patch-trunk.js';
import { cellLogitWidth, type ShapesCellLabels } from './shapes-cell-labels.js';

/** Training targets of a batch. */
export type FeatureTargets =
  | { type: 'shapes-cells'; labels: ShapesCellLabels }
  | { type: 'classes'; labels: Int32Array };

/** Logits per image of a feature network's head. */
export function headWidth(config: EvalNetConfig): number {
  const head = config.head;
  if (head.type === 'shapes-cells') return head.grid * head.grid * cellLogitWidth(head);
  if (head.type === 'classes') return head.classes.length;
  throw new MetricInputError(
    `a '${config.kind}' network has no classifier head`,
    'build a MiniClip for kind clip',
  );
}

/**
 * @example
 * const net = new FeatureNet(config, new Rng(0).split('init'));
 * const { features, logits } = net.forward(patches, n); // [N, D], [N, headWidth]
 */
export class FeatureNet extends Module {
  readonly config: EvalNetConfig;
  readonly trunk: PatchTrunk;
  readonly #head: Linear;

  constructor(config: EvalNetConfig, rng: RandomSource) {
    super();
    if (config.kind !== 'features') {
      throw new MetricInputError(
        `FeatureNet needs a 'features' config, got kind '${config.kind}'`,
        'use MiniClip',
      );
    }
    this.config = config;
    this.trunk = this.module('trunk', new PatchTrunk(config, rng.split('trunk')));
    this.#head = this.module(
      'head',
      new Linear(config.trunk.featureDim, headWidth(config), {
        rng: rng.split('head'),
        init: 'xavier-uniform',
      }),
    );
  }

  /** Patches [N·G, P] → features [N, D] and head logits [N, headWidth]. */
  forward(patches: tf.Tensor2D, n: number): { features: tf.Tensor2D; logits: tf.Tensor2D } {
    const features = this.trunk.forward(patches, n);
    return { features, logits: this.#head.forward(features) as tf.Tensor2D };
  }

  /** Summed cross-entropy of the heads on a batch. */
  loss(patches: tf.Tensor2D, n: number, targets: FeatureTargets): tf.Scalar {
    return tf.tidy(() => {
      const { logits } = this.forward(patches, n);
      const head = this.config.head;
      if (targets.type === 'classes' && head.type === 'classes') return crossEntropy(logits, targets.labels);
      if (targets.type === 'shapes-cells' && head.type === 'shapes-cells') {
        const width = cellLogitWidth(head);
        const S = head.shapes.length + 1;
        const K = head.colours.length;
        const cells = tf.reshape(logits, [-1, width]) as tf.Tensor2D; // [N·cells, width]
        const part = (begin: number, size: number) => tf.slice(cells, [0, begin], [-1, size]) as tf.Tensor2D;
        return tf.addN([
          crossEntropy(part(0, S), targets.labels.shape),
          crossEntropy(part(S, K), targets.labels.colour),
          crossEntropy(part(S + K, head.sizes.length), targets.labels.size),
        ]) as tf.Scalar;
      }
      throw new MetricInputError(`targets of type '${targets.type}' do not fit a '${head.type}' head`);
    });
  }

  /** Forward and backward cost of one image (trunk + head), from the FLOP ledger. */
  cost(): OpCost {
    const head = linearFlops({
      tokens: 1,
      inFeatures: this.trunk.featureDim,
      outFeatures: headWidth(this.config),
      bias: true,
    });
    return addCosts(this.trunk.cost(), head);
  }
}
