/**
 * Test doubles: a continuous bottleneck with one learnable per-channel gain (so it has a parameter and a
 * buffer like real bottlenecks), a codec wrapping it, and a tiny codec family for command tests.
 */
import { type FlopCount, parseConfig, type RandomSource, Rng } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { AutoencoderCodec } from '../src/codec/autoencoder-codec.js';
import type { CodecFamily, TrainedCodec } from '../src/codec/codec-family.js';
import type { Autoencoder } from '../src/network/autoencoder.js';
import { Bottleneck, type BottleneckContext, type BottleneckOutput } from '../src/network/bottleneck.js';
import type { ConvAutoencoderConfigInput } from '../src/network/conv-autoencoder-config.js';
import { demoPreset } from '../src/presets/demo-presets.js';

const GainConfigSchema = z.strictObject({
  type: z.literal('test:gain').default('test:gain'),
  version: z.literal(1).default(1),
  channels: z.number().int().positive().default(2),
  /** Weight of a toy regulariser mean(z²) reported as `losses.l2z`. */
  weight: z.number().min(0).default(0.01),
});

/** latent = gain ⊙ z; counts its forward calls in a buffer. */
export class GainBottleneck extends Bottleneck {
  readonly kind = 'continuous' as const;
  readonly config: z.output<typeof GainConfigSchema>;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly bitsPerPosition: number;
  readonly gain: tf.Variable;
  readonly updates: tf.Variable;
  constructor(options: z.input<typeof GainConfigSchema> = {}) {
    super();
    this.config = parseConfig(GainConfigSchema, options, 'GainBottleneck options');
    this.inChannels = this.config.channels;
    this.outChannels = this.config.channels;
    this.bitsPerPosition = this.config.channels;
    this.gain = this.param('gain', tf.ones([this.config.channels]), { decay: false });
    this.updates = this.buffer('updates', tf.variable(tf.zeros([1]), false));
  }
  forward(z: tf.Tensor4D, context: BottleneckContext): BottleneckOutput {
    return tf.tidy(() => {
      const losses: Record<string, tf.Scalar> = {};
      if (context.training) losses.l2z = tf.mul(tf.mean(tf.square(z)), this.config.weight) as tf.Scalar;
      return { latent: tf.mul(z, this.gain) as tf.Tensor4D, losses };
    });
  }
  override update(): Record<string, number> {
    tf.tidy(() => this.updates.assign(tf.add(this.updates, 1)));
    return { updates: this.updates.dataSync()[0]! };
  }
  encodeFlopsPerPosition(): FlopCount {
    return { model: 2 * this.config.channels, executed: 2 * this.config.channels };
  }
}

/** A continuous codec over a `GainBottleneck` autoencoder. */
export class GainCodec extends AutoencoderCodec<GainBottleneck> {
  readonly kind = 'continuous' as const;
  readonly scaleFactor = 1;
  constructor(model: Autoencoder<GainBottleneck>, sha = '') {
    super('codec:test-gain', model, model.bottleneck.outChannels, sha);
  }
  encode(images: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(
      () =>
        this.model.bottleneck.forward(this.model.encoder.forward(images), {
          training: false,
          rng: new Rng('test'),
        }).latent,
    );
  }
  decode(latents: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => tf.clipByValue(this.model.decoder.forward(latents), -1, 1));
  }
}

/** The tiny test autoencoder: 16×16 images, f = 2, widths [8, 8], groups 4. */
export const TINY_AUTOENCODER: ConvAutoencoderConfigInput = {
  image: { height: 16, width: 16, channels: 3 },
  downsampleFactor: 2,
  widths: [8, 8],
  normGroups: 4,
};

/** A codec family over `GainBottleneck` with one tiny preset, for command and training tests. */
export const gainFamily: CodecFamily = {
  name: 'gain',
  id: 'codec:test-gain',
  summary: 'test double',
  presets: {
    'tiny-gain': {
      ...demoPreset('gain', { channels: 2 }, 6),
      autoencoder: { ...TINY_AUTOENCODER },
      train: { batchSize: 4, lr: 3e-3, warmupSteps: 1, statsEvery: 3, statsImages: 8 },
      data: {
        dataset: 'shapes',
        train: { resolution: 16, size: 64 },
        heldout: { split: 'test', resolution: 16, size: 16 },
      },
      checkpointEvery: 3,
      reportImages: 8,
    },
  },
  defaultPreset: 'tiny-gain',
  createBottleneck: (config: unknown, _rng: RandomSource) => new GainBottleneck(config as never),
  finalize: () => ({ finalized: 1 }),
  codec: (model: Autoencoder, sha: string) =>
    new GainCodec(model as Autoencoder<GainBottleneck>, sha) as unknown as TrainedCodec,
};
