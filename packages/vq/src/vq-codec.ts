/**
 * A discrete codec: the shared encoder, a quantizer (VQ, LFQ or FSQ) and the shared decoder, as core's
 * `DiscreteLatentCodec` (images ↔ int32 ids on the latent grid).
 */
import { type Autoencoder, AutoencoderCodec } from '@flopmatch/autoencoder';
import type { DiscreteLatentCodec } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import { CodecInputError } from './errors.js';
import type { Quantizer } from './quantizer.js';

/**
 * @example
 * const codec = await loadVqCodec('packages/vq/codecs/demo-vq');
 * const ids = codec.encode(images);   // int32 [N, 8, 8]
 * const recon = codec.decode(ids);    // float32 [N, 32, 32, 3] in [-1, 1]
 */
export class VqCodec extends AutoencoderCodec<Quantizer> implements DiscreteLatentCodec {
  readonly kind = 'discrete' as const;
  readonly codebookSize: number;

  /** `id`: `codec:vq`, `codec:lfq` or `codec:fsq`. */
  constructor(id: string, model: Autoencoder<Quantizer>, weightsSha256 = '') {
    super(id, model, 1, weightsSha256);
    this.codebookSize = model.bottleneck.codebookSize;
  }

  encode(images: tf.Tensor4D): tf.Tensor3D {
    return tf.tidy(() => this.model.bottleneck.ids(this.model.encoder.forward(images)));
  }

  decode(ids: tf.Tensor3D): tf.Tensor4D {
    const { height, width } = this.latentShape;
    if (ids.rank !== 3 || ids.shape[1] !== height || ids.shape[2] !== width || ids.dtype !== 'int32') {
      throw new CodecInputError(
        `${this.id}.decode`,
        `ids must be int32 [N, ${height}, ${width}], got ${ids.dtype} [${ids.shape}]`,
        "pass what encode returned, or tf.cast(ids, 'int32') reshaped to the grid",
      );
    }
    return tf.tidy(() => tf.clipByValue(this.model.decoder.forward(this.model.bottleneck.embed(ids)), -1, 1));
  }
}
