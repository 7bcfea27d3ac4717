/**
 * A perceptual loss on the features of a small, fixed, randomly initialised conv net.
 *
 * LPIPS (R. Zhang et al., "The Unreasonable Effectiveness of Deep Features as a Perceptual Metric",
 * arXiv:1801.03924, §3, eq. (1)) compares unit-normalised channel vectors of several layers; its experiments
 * find that even networks with random weights carry a perceptual signal. We use eq. (1) with a 3-layer
 * random conv net and uniform layer weights, never trained.
 *
 * Why not a trained network: the FD metric of `@flopmatch/metrics` uses its own evaluation network; if the
 * autoencoder were trained to match *those* features, FD would partly measure the training target instead of
 * image quality. The weights here come from a fixed seed (`flopmatch/random-conv-perceptual/v1`), so every
 * run uses the same network and nothing is downloaded or stored.
 */
import { Rng } from '@flopmatch/core';
import type { ConvNetShape } from '@flopmatch/flops';
import { parseConvNetShape } from '@flopmatch/flops';
import { conv2d } from '@flopmatch/nn';
import * as tf from '@tensorflow/tfjs-core';

/** The seed the fixed weights are drawn from. */
export const RANDOM_CONV_PERCEPTUAL_SEED = 'flopmatch/random-conv-perceptual/v1';

interface Layer {
  weight: tf.Tensor4D;
  stride: number;
}

/** Options of `RandomConvPerceptual`. */
export interface RandomConvPerceptualOptions {
  /** Output channels of the three 3×3 conv layers. Default [16, 32, 32]. */
  channels?: readonly [number, number, number];
  /** Image channels. Default 3. */
  inChannels?: number;
}

/**
 * d(x, x̂) = Σ_l mean_{h,w} ‖ φ̂_l(x) − φ̂_l(x̂) ‖², φ̂ the channel-unit-normalised ReLU features of layer l
 * (conv 3×3 stride 1, then two stride-2 convs).
 *
 * @example
 * const perceptual = new RandomConvPerceptual();
 * const loss = perceptual.loss(images, recon); // scalar, differentiable in recon
 */
export class RandomConvPerceptual {
  readonly channels: readonly [number, number, number];
  readonly inChannels: number;
  readonly #layers: Layer[];

  constructor(options: RandomConvPerceptualOptions = {}) {
    this.channels = options.channels ?? [16, 32, 32];
    this.inChannels = options.inChannels ?? 3;
    const rng = new Rng(RANDOM_CONV_PERCEPTUAL_SEED);
    let c = this.inChannels;
    this.#layers = this.channels.map((o, i) => {
      const std = Math.sqrt(2 / (9 * c)); // He init: keeps ReLU activations' scale through depth
      const weight = tf.randomNormal([3, 3, c, o], 0, std, 'float32', rng.split(i).tfSeed()) as tf.Tensor4D;
      c = o;
      return { weight, stride: i === 0 ? 1 : 2 };
    });
  }

  /** The unit-normalised features of each layer, [N, H_l, W_l, C_l]. */
  features(images: tf.Tensor4D): tf.Tensor4D[] {
    return tf.tidy(() => {
      const out: tf.Tensor4D[] = [];
      let h = images;
      for (const layer of this.#layers) {
        h = tf.relu(conv2d(h, layer.weight, undefined, { stride: layer.stride }));
        const norm = tf.sqrt(tf.add(tf.sum(tf.square(h), -1, true), 1e-10)); // ‖φ‖ per position
        out.push(tf.div(h, norm) as tf.Tensor4D); // eq. (1): unit-normalised channel vectors
      }
      return out;
    });
  }

  /** The perceptual distance, averaged over the batch (a scalar). */
  loss(images: tf.Tensor4D, reconstruction: tf.Tensor4D): tf.Scalar {
    return tf.tidy(() => {
      const a = this.features(images);
      const b = this.features(reconstruction);
      const terms = a.map((fa, l) => tf.mean(tf.sum(tf.square(tf.sub(fa, b[l]!)), -1))); // eq. (1) per layer
      return tf.addN(terms) as tf.Scalar;
    });
  }

  /** The network as a conv-net shape, for the FLOP ledger. */
  shape(height: number, width: number): ConvNetShape {
    return parseConvNetShape({
      type: 'conv-net',
      name: 'random-conv-perceptual',
      input: { height, width, channels: this.inChannels },
      layers: this.#layers.map((l, i) => ({
        op: 'conv',
        channels: this.channels[i]!,
        stride: l.stride,
        bias: false,
      })),
    });
  }

  dispose(): void {
    for (const l of this.#layers) l.weight.dispose();
  }
}
