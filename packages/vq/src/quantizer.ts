/**
 * The one interface every quantizer implements (vector-quantize-pytorch style: one self-contained file per
 * quantizer — `vector-quantizer.ts`, `lookup-free-quantizer.ts`, `finite-scalar-quantizer.ts`). A quantizer
 * is a discrete `Bottleneck` of `@flopmatch/autoencoder` that also maps between continuous vectors and
 * integer ids, so a `VqCodec` can encode images to ids and decode ids to images.
 */
import { Bottleneck } from '@flopmatch/autoencoder';
import type * as tf from '@tensorflow/tfjs-core';

/**
 * @example
 * const ids = quantizer.ids(z);         // [N, h, w] int32 in [0, codebookSize)
 * const latent = quantizer.embed(ids);  // [N, h, w, outChannels], what the decoder reads
 */
export abstract class Quantizer extends Bottleneck {
  readonly kind = 'discrete' as const;
  abstract override readonly codebookSize: number;

  /** Capacity per position: log2 of the codebook size. */
  get bitsPerPosition(): number {
    return Math.log2(this.codebookSize);
  }

  /** Encoder output z [N, h, w, inChannels] → ids [N, h, w] (int32, no gradient). */
  abstract ids(z: tf.Tensor4D): tf.Tensor3D;

  /** ids [N, h, w] → the decoder input [N, h, w, outChannels] (the same value `forward` hands on). */
  abstract embed(ids: tf.Tensor3D): tf.Tensor4D;
}
