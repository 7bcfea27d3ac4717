/**
 * PatchGAN discriminator — P. Isola et al., "Image-to-Image Translation with Conditional Adversarial
 * Networks", arXiv:1611.07004, §3.2.2 (classify each N×N patch as real or fake), as used for VQGAN
 * (P. Esser et al., arXiv:2012.09841, §3.2): 4×4 convs, stride 2 while downsampling, LeakyReLU(0.2), a
 * norm on every inner layer (GroupNorm here: no batch statistics to carry through checkpoints), and one
 * logit per patch.
 */
import type { RandomSource } from '@flopmatch/core';
import { type ConvNetShape, parseConvNetShape } from '@flopmatch/flops';
import { Conv2d, GroupNorm, Module, ModuleList } from '@flopmatch/nn';
import * as tf from '@tensorflow/tfjs-core';

/** Options of `PatchDiscriminator`. */
export interface PatchDiscriminatorOptions {
  /** Source of the initial weights. Required. */
  rng: RandomSource;
  /** Image channels. Default 3. */
  inChannels?: number;
  /** Width of the first layer; doubles per downsampling layer. Default 32. */
  width?: number;
  /** Stride-2 layers (each halves the patch grid). Default 2 (32×32 images → 8×8 logits). */
  layers?: number;
}

/**
 * images [N, H, W, C] → patch logits [N, H/2^layers, W/2^layers, 1].
 *
 * @example
 * const disc = new PatchDiscriminator({ rng });
 * disc.forward(images); // [N, 32, 32, 3] → [N, 8, 8, 1]
 */
export class PatchDiscriminator extends Module {
  readonly inChannels: number;
  readonly width: number;
  readonly depth: number;
  readonly convs: ModuleList<Conv2d>;
  readonly norms: ModuleList<GroupNorm>;

  constructor(options: PatchDiscriminatorOptions) {
    super();
    this.inChannels = options.inChannels ?? 3;
    this.width = options.width ?? 32;
    this.depth = options.layers ?? 2;
    const { rng } = options;
    const convs: Conv2d[] = [];
    const norms: GroupNorm[] = [];
    let c = this.inChannels;
    for (let i = 0; i < this.depth; i++) {
      const o = this.width * 2 ** i;
      convs.push(new Conv2d(c, o, 4, { rng: rng.split(`conv.${i}`), stride: 2, init: 'normal', std: 0.02 }));
      if (i > 0) norms.push(new GroupNorm(Math.min(8, o), o));
      c = o;
    }
    const o = c * 2; // one stride-1 layer before the logits (pix2pix's n_layers + 1)
    convs.push(new Conv2d(c, o, 4, { rng: rng.split(`conv.${this.depth}`), init: 'normal', std: 0.02 }));
    norms.push(new GroupNorm(8, o));
    convs.push(new Conv2d(o, 1, 4, { rng: rng.split('logits'), init: 'normal', std: 0.02 }));
    this.convs = this.module('conv', new ModuleList(convs));
    this.norms = this.module('norm', new ModuleList(norms));
  }

  /** images [N, H, W, C] → logits [N, h, w, 1]. */
  forward(images: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      const convs = this.convs.items;
      let h = tf.leakyRelu(convs[0]!.forward(images), 0.2) as tf.Tensor4D;
      for (let i = 1; i < convs.length - 1; i++) {
        h = tf.leakyRelu(this.norms.at(i - 1).forward(convs[i]!.forward(h)), 0.2) as tf.Tensor4D;
      }
      return convs[convs.length - 1]!.forward(h);
    });
  }

  /** The network as a conv-net shape for the FLOP ledger (norms and activations uncounted by default). */
  shape(height: number, width: number): ConvNetShape {
    const layers: Record<string, unknown>[] = [];
    this.convs.items.forEach((conv, i) => {
      layers.push({ op: 'conv', channels: conv.config.outChannels, kernel: 4, stride: conv.config.stride });
      if (i > 0 && i < this.convs.length - 1) layers.push({ op: 'norm' });
      if (i < this.convs.length - 1) layers.push({ op: 'activation', kind: 'relu' });
    });
    return parseConvNetShape({
      type: 'conv-net',
      name: 'patch-discriminator',
      input: { height, width, channels: this.inChannels },
      layers,
    });
  }
}
