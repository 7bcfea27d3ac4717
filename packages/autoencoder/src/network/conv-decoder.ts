/**
 * The shared convolutional decoder, the encoder's mirror (P. Esser et al., arXiv:2012.09841, App. A;
 * R. Rombach et al., arXiv:2112.10752, App. G): conv_in → residual blocks at the latent resolution → per
 * level [nearest ×2 upsampling (optionally + 3×3 conv) → residual blocks] → GroupNorm → SiLU → conv_out to
 * image channels. Outputs are unbounded (the reconstruction losses pull them into [-1, 1]; codecs clamp).
 *
 * Legend: N batch, h×w latent grid, c_in the channels the bottleneck hands over, w_l the width at level l.
 */
import type { RandomSource } from '@flopmatch/core';
import { Conv2d, GroupNorm, Module, ModuleList, silu, upsample2x } from '@flopmatch/nn';
import * as tf from '@tensorflow/tfjs-core';
import { AutoencoderShapeError } from '../errors.js';
import { type ConvAutoencoderConfig, latentGrid } from './conv-autoencoder-config.js';
import { ResnetBlock } from './resnet-block.js';

/** One level of the decoder: (except at the latent grid) ×2 upsampling, then residual blocks. */
class DecoderLevel extends Module {
  /** Whether this level starts with nearest ×2 upsampling. */
  readonly up: boolean;
  /** The 3×3 conv after upsampling (`upsampleConv`), registered as `upsample_conv`. */
  readonly upsampleConv: Conv2d | undefined;
  readonly blocks: ModuleList<ResnetBlock>;
  constructor(inCh: number, width: number, up: boolean, cfg: ConvAutoencoderConfig, rng: RandomSource) {
    super();
    this.up = up;
    this.upsampleConv =
      up && cfg.upsampleConv
        ? this.module('upsample_conv', new Conv2d(inCh, inCh, 3, { rng: rng.split('upsample.conv') }))
        : undefined;
    const opts = { groups: cfg.normGroups, eps: cfg.normEps };
    this.blocks = this.module(
      'block',
      new ModuleList(
        Array.from(
          { length: cfg.blocksPerLevel },
          (_, i) => new ResnetBlock(i === 0 ? inCh : width, width, { ...opts, rng: rng.split(`block.${i}`) }),
        ),
      ),
    );
  }
  forward(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      let h = this.up ? upsample2x(x) : x;
      if (this.upsampleConv) h = this.upsampleConv.forward(h);
      for (const block of this.blocks.items) h = block.forward(h);
      return h;
    });
  }
}

/**
 * latents [N, h, w, c_in] → images [N, H, W, C].
 *
 * @example
 * const dec = new ConvDecoder(parseConvAutoencoderConfig(), 4, { rng });
 * dec.forward(latents); // [N, 8, 8, 4] → [N, 32, 32, 3]
 */
export class ConvDecoder extends Module {
  readonly config: ConvAutoencoderConfig;
  /** Channels of the input (what the bottleneck hands over). */
  readonly inChannels: number;
  readonly convIn: Conv2d;
  /** Level L (latent resolution) first, then L − 1 … 0, each upsampling ×2. */
  readonly levels: ModuleList<DecoderLevel>;
  readonly normOut: GroupNorm;
  /** The last layer G_L (the adaptive GAN weight of arXiv:2012.09841 eq. (7) is measured on it). */
  readonly convOut: Conv2d;

  constructor(config: ConvAutoencoderConfig, inChannels: number, options: { rng: RandomSource }) {
    super();
    this.config = config;
    this.inChannels = inChannels;
    const { widths, image } = config;
    const rng = options.rng;
    const L = widths.length - 1;
    this.convIn = this.module(
      'conv_in',
      new Conv2d(inChannels, widths[L]!, 3, { rng: rng.split('conv_in') }),
    );
    const order = widths.map((_, i) => L - i); // L, L − 1, …, 0
    this.levels = this.module(
      'level',
      new ModuleList(
        order.map(
          (l) =>
            new DecoderLevel(
              l === L ? widths[L]! : widths[l + 1]!,
              widths[l]!,
              l < L,
              config,
              rng.split(`level.${l}`),
            ),
        ),
      ),
    );
    this.normOut = this.module(
      'norm_out',
      new GroupNorm(config.normGroups, widths[0]!, { eps: config.normEps }),
    );
    this.convOut = this.module(
      'conv_out',
      new Conv2d(widths[0]!, image.channels, 3, { rng: rng.split('conv_out') }),
    );
  }

  /** latents [N, h, w, c_in] → images [N, H, W, C] (unclamped). */
  forward(latents: tf.Tensor4D): tf.Tensor4D {
    const grid = latentGrid(this.config);
    const [, h, w, c] = latents.shape;
    if (latents.rank !== 4 || h !== grid.height || w !== grid.width || c !== this.inChannels) {
      throw new AutoencoderShapeError(
        'ConvDecoder',
        `latents [${latents.shape}] do not match the ${grid.height}×${grid.width}×${this.inChannels} grid`,
        `pass [N, ${grid.height}, ${grid.width}, ${this.inChannels}]`,
      );
    }
    return tf.tidy(() => {
      let x = this.convIn.forward(latents);
      for (const level of this.levels.items) x = level.forward(x);
      return this.convOut.forward(silu(this.normOut.forward(x)) as tf.Tensor4D);
    });
  }
}
