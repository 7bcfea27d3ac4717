/**
 * A continuous codec: the shared encoder, a diagonal-Gaussian bottleneck and the shared decoder, as core's
 * `ContinuousLatentCodec`. Latents are multiplied by the fitted scale factor on the way out and divided by it
 * on the way in, so callers (diffusion) see latents of about unit variance.
 */
import { type Autoencoder, AutoencoderCodec } from '@flopmatch/autoencoder';
import { type ContinuousLatentCodec, type RandomSource, Rng } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import type { DiagonalGaussianBottleneck } from './diagonal-gaussian.js';
import { VaeInputError } from './errors.js';

/**
 * @example
 * const codec = await loadVaeCodec('packages/vae/codecs/demo-vae');
 * const z = codec.encode(images);            // [N, 8, 8, 4], ≈ unit variance
 * const recon = codec.decode(z);             // [N, 32, 32, 3] in [-1, 1]
 */
export class VaeCodec extends AutoencoderCodec<DiagonalGaussianBottleneck> implements ContinuousLatentCodec {
  readonly kind = 'continuous' as const;
  #rng: RandomSource;

  constructor(
    model: Autoencoder<DiagonalGaussianBottleneck>,
    weightsSha256 = '',
    rng: RandomSource = new Rng('vae-codec'),
  ) {
    super('codec:vae', model, model.bottleneck.outChannels, weightsSha256);
    this.#rng = rng;
  }

  /** The fitted factor latents are multiplied by (read from the weights). */
  get scaleFactor(): number {
    return this.model.bottleneck.scaleFactor.dataSync()[0]!;
  }

  /** Reseeds the stream `encode(…, 'sample')` draws ε from. */
  seed(rng: RandomSource): void {
    this.#rng = rng;
  }

  encode(images: tf.Tensor4D, mode: 'mean' | 'sample' = 'mean'): tf.Tensor4D {
    return tf.tidy(() => {
      const z = this.model.bottleneck.sample(this.model.encoder.forward(images), mode, this.#rng);
      return tf.mul(z, this.model.bottleneck.scaleFactor) as tf.Tensor4D;
    });
  }

  decode(latents: tf.Tensor4D): tf.Tensor4D {
    const { height, width, channels } = this.latentShape;
    if (
      latents.rank !== 4 ||
      latents.shape[1] !== height ||
      latents.shape[2] !== width ||
      latents.shape[3] !== channels
    ) {
      throw new VaeInputError(
        `${this.id}.decode`,
        `latents must be [N, ${height}, ${width}, ${channels}], got [${latents.shape}]`,
        'pass what encode returned (scaled latents)',
      );
    }
    return tf.tidy(() => {
      const unscaled = tf.div(latents, this.model.bottleneck.scaleFactor) as tf.Tensor4D;
      return tf.clipByValue(this.model.decoder.forward(unscaled), -1, 1);
    });
  }
}
