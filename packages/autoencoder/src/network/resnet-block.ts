/**
 * The residual block of the shared encoder/decoder — K. He et al., "Identity Mappings in Deep Residual
 * Networks", arXiv:1603.05027, §4 (pre-activation: norm → activation → conv, twice, plus the identity), with
 * GroupNorm and SiLU as in the VQGAN/LDM autoencoders (P. Esser et al., "Taming Transformers for
 * High-Resolution Image Synthesis", arXiv:2012.09841, App. A). A 1×1 conv maps the shortcut when the
 * channels change. The second conv starts at zero, so every block begins as the identity.
 */
import type { RandomSource } from '@flopmatch/core';
import { Conv2d, GroupNorm, Module, silu } from '@flopmatch/nn';
import * as tf from '@tensorflow/tfjs-core';

/** Options of `ResnetBlock`. */
export interface ResnetBlockOptions {
  /** Source of the conv weights. Required. */
  rng: RandomSource;
  /** GroupNorm groups (divides both channel counts). Default 8. */
  groups?: number;
  /** GroupNorm ε. Default 1e-6 (LDM). */
  eps?: number;
}

/**
 * x [N, H, W, Cin] → x' + conv(silu(norm(conv(silu(norm(x)))))) [N, H, W, Cout], x' = x or a 1×1 conv of x.
 *
 * @example
 * const block = new ResnetBlock(32, 64, { rng });
 * block.forward(h); // [N, 16, 16, 32] → [N, 16, 16, 64]
 */
export class ResnetBlock extends Module {
  readonly norm1: GroupNorm;
  readonly conv1: Conv2d;
  readonly norm2: GroupNorm;
  readonly conv2: Conv2d;
  /** The 1×1 shortcut conv, present when Cin ≠ Cout. */
  readonly shortcut: Conv2d | undefined;

  constructor(inChannels: number, outChannels: number, options: ResnetBlockOptions) {
    super();
    const groups = options.groups ?? 8;
    const eps = options.eps ?? 1e-6;
    const { rng } = options;
    this.norm1 = this.module('norm1', new GroupNorm(groups, inChannels, { eps }));
    this.conv1 = this.module('conv1', new Conv2d(inChannels, outChannels, 3, { rng: rng.split('conv1') }));
    this.norm2 = this.module('norm2', new GroupNorm(groups, outChannels, { eps }));
    this.conv2 = this.module(
      'conv2',
      new Conv2d(outChannels, outChannels, 3, { rng: rng.split('conv2'), init: 'zeros' }),
    );
    this.shortcut =
      inChannels === outChannels
        ? undefined
        : this.module('shortcut', new Conv2d(inChannels, outChannels, 1, { rng: rng.split('shortcut') }));
  }

  forward(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      const h1 = this.conv1.forward(silu(this.norm1.forward(x)) as tf.Tensor4D);
      const h2 = this.conv2.forward(silu(this.norm2.forward(h1)) as tf.Tensor4D);
      const skip = this.shortcut ? this.shortcut.forward(x) : x;
      return tf.add(skip, h2);
    });
  }
}
