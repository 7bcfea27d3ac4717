/**
 * Latent codec test doubles with exact inverses and a declared decoder price, so sampler tests can check
 * the decoded images and the decoder FLOPs without an autoencoder.
 */
import type { ContinuousLatentCodec, DiscreteLatentCodec, LatentShape } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';

/** Options shared by the fake codecs. */
export interface FakeCodecOptions {
  /** Latent grid; the image has the same height and width (downsample factor 1). */
  latentShape: LatentShape;
  /** Declared FLOPs of decoding one image. Default 777. */
  decodePerImage?: number;
}

/**
 * A continuous codec whose decoder is tanh (image = tanh(latent), channels = latent channels) and encoder
 * atanh of the clipped image.
 *
 * @example
 * const codec = createFakeContinuousCodec({ latentShape: model.latentShape });
 */
export function createFakeContinuousCodec(options: FakeCodecOptions): ContinuousLatentCodec {
  const { latentShape } = options;
  const decodePerImage = options.decodePerImage ?? 777;
  return {
    specVersion: 'v1',
    kind: 'continuous',
    id: 'codec:fake-continuous',
    imageShape: { ...latentShape },
    latentShape,
    downsampleFactor: 1,
    bitsPerPosition: latentShape.channels,
    flops: { encodePerImage: decodePerImage, decodePerImage },
    config: Object.freeze({ type: 'codec:fake-continuous', version: 1 }),
    scaleFactor: 1,
    encode: (images) => tf.tidy(() => tf.atanh(tf.clipByValue(images, -0.999, 0.999))),
    decode: (latents) => tf.tanh(latents),
  };
}

/**
 * A discrete codec with codebook size V whose decoder maps id k to the grey level 2k/(V − 1) − 1 (one
 * channel) and whose encoder rounds back.
 *
 * @example
 * const codec = createFakeDiscreteCodec({ latentShape: model.latentShape, codebookSize: model.codebookSize });
 */
export function createFakeDiscreteCodec(
  options: FakeCodecOptions & { codebookSize: number },
): DiscreteLatentCodec {
  const { latentShape, codebookSize } = options;
  const decodePerImage = options.decodePerImage ?? 777;
  const { height, width } = latentShape;
  return {
    specVersion: 'v1',
    kind: 'discrete',
    id: 'codec:fake-discrete',
    imageShape: { height, width, channels: 1 },
    latentShape,
    downsampleFactor: 1,
    bitsPerPosition: Math.log2(codebookSize),
    codebookSize,
    flops: { encodePerImage: decodePerImage, decodePerImage },
    config: Object.freeze({ type: 'codec:fake-discrete', version: 1 }),
    encode: (images) =>
      tf.tidy(
        () =>
          tf.cast(
            tf.round(tf.mul(tf.add(tf.squeeze(images, [3]), 1), (codebookSize - 1) / 2)),
            'int32',
          ) as tf.Tensor3D,
      ),
    decode: (ids) =>
      tf.tidy(() =>
        tf.expandDims(tf.sub(tf.mul(tf.cast(ids, 'float32'), 2 / (codebookSize - 1)), 1), 3),
      ) as tf.Tensor4D,
  };
}
