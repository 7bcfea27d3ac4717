/**
 * The shared convolutional encoder (VQGAN/LDM-style, P. Esser et al., arXiv:2012.09841, App. A; R. Rombach
 * et al., arXiv:2112.10752, App. G, at demo scale): conv_in → per level [residual blocks → stride-2 conv]
 * → residual blocks at the latent resolution → GroupNorm → SiLU → conv_out to the bottleneck's channels.
 *
 * Legend: N batch, H×W image, f downsampling factor, L = log2 f levels, w_l the width at level l, c_out the
 * channels the bottleneck reads (2c for a KL-VAE's mean and log-variance, d for a quantizer).
 */
import type { RandomSource } from '@flopmatch/core';
import { Conv2d, GroupNorm, Module, ModuleList, silu } from '@flopmatch/nn';
import * as tf from '@tensorflow/tfjs-core';
import { AutoencoderShapeError } from '../errors.js';
import type { ConvAutoencoderConfig } from './conv-autoencoder-config.js';
import { ResnetBlock } from './resnet-block.js';

/** One resolution level of the encoder: residual blocks, then (except at the latent grid) a stride-2 conv. */
class EncoderLevel extends Module {
  readonly blocks: ModuleList<ResnetBlock>;
  readonly downsample: Conv2d | undefined;
  constructor(inCh: number, width: number, down: boolean, cfg: ConvAutoencoderConfig, rng: RandomSource) {
    super();
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
    // LDM's Downsample: pad one row/column at the bottom/right, then a valid stride-2 3×3 conv.
    this.downsample = down
      ? this.module(
          'downsample',
          new Conv2d(width, width, 3, { rng: rng.split('downsample'), stride: 2, padding: [0, 1, 0, 1] }),
        )
      : undefined;
  }
  forward(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      let h = x;
      for (const block of this.blocks.items) h = block.forward(h);
      return this.downsample ? this.downsample.forward(h) : h;
    });
  }
}

/**
 * images [N, H, W, C] → features [N, H/f, W/f, c_out].
 *
 * @example
 * const enc = new ConvEncoder(parseConvAutoencoderConfig(), 8, { rng });
 * enc.forward(images); // [N, 32, 32, 3] → [N, 8, 8, 8]
 */
export class ConvEncoder extends Module {
  readonly config: ConvAutoencoderConfig;
  /** Channels of the output (what the bottleneck reads). */
  readonly outChannels: number;
  readonly convIn: Conv2d;
  /** Levels 0 … L: L downsampling levels, then the latent-resolution level. */
  readonly levels: ModuleList<EncoderLevel>;
  readonly normOut: GroupNorm;
  readonly convOut: Conv2d;

  constructor(config: ConvAutoencoderConfig, outChannels: number, options: { rng: RandomSource }) {
    super();
    this.config = config;
    this.outChannels = outChannels;
    const { widths, image } = config;
    const rng = options.rng;
    this.convIn = this.module(
      'conv_in',
      new Conv2d(image.channels, widths[0]!, 3, { rng: rng.split('conv_in') }),
    );
    const L = widths.length - 1;
    this.levels = this.module(
      'level',
      new ModuleList(
        widths.map(
          (w, l) => new EncoderLevel(l === 0 ? w : widths[l - 1]!, w, l < L, config, rng.split(`level.${l}`)),
        ),
      ),
    );
    this.normOut = this.module(
      'norm_out',
      new GroupNorm(config.normGroups, widths[L]!, { eps: config.normEps }),
    );
    this.convOut = this.module(
      'conv_out',
      new Conv2d(widths[L]!, outChannels, 3, { rng: rng.split('conv_out') }),
    );
  }

  /** images [N, H, W, C] in [-1, 1] → [N, H/f, W/f, c_out]. */
  forward(images: tf.Tensor4D): tf.Tensor4D {
    const { height, width, channels } = this.config.image;
    const [, H, W, C] = images.shape;
    if (images.rank !== 4 || H !== height || W !== width || C !== channels) {
      throw new AutoencoderShapeError(
        'ConvEncoder',
        `images [${images.shape}] do not match the configured ${height}×${width}×${channels}`,
        `pass NHWC images [N, ${height}, ${width}, ${channels}] or build the encoder for this size`,
      );
    }
    return tf.tidy(() => {
      let h = this.convIn.forward(images);
      for (const level of this.levels.items) h = level.forward(h);
      return this.convOut.forward(silu(this.normOut.forward(h)) as tf.Tensor4D);
    });
  }
}
