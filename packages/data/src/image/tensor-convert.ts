/**
 * Between plain images and TensorFlow.js tensors (NHWC float32 in [-1, 1]). Only conversion happens here:
 * no kernels beyond `tensor4d` and `data`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type FloatImage, toUint8Image, type Uint8Image } from './image-types.js';
import { type ResizeTarget, resizeImage } from './resize.js';

/** Images of one shape; `Float32Array`s need the shape passed, `FloatImage`s carry theirs. */
export type ImageList =
  | readonly FloatImage[]
  | { data: readonly Float32Array[]; height: number; width: number; channels: number };

/**
 * Stacks float images (all the same shape) into an NHWC tensor.
 *
 * @example
 * const batch = imagesToTensor([a.image, b.image].map((data) => ({ data, height: 32, width: 32, channels: 3 })));
 */
export function imagesToTensor(images: ImageList): tf.Tensor4D {
  let list: readonly FloatImage[];
  if (Array.isArray(images)) list = images as readonly FloatImage[];
  else {
    const { data, height, width, channels } = images as Exclude<ImageList, readonly FloatImage[]>;
    list = data.map((d) => ({ data: d, height, width, channels }));
  }
  if (list.length === 0) throw new RangeError('imagesToTensor: no images');
  const { height, width, channels } = list[0]!;
  const per = height * width * channels;
  const out = new Float32Array(list.length * per);
  list.forEach((img, i) => {
    if (
      img.height !== height ||
      img.width !== width ||
      img.channels !== channels ||
      img.data.length !== per
    ) {
      throw new RangeError(
        `imagesToTensor: image ${i} is ${img.height}×${img.width}×${img.channels} (${img.data.length} values), expected ${height}×${width}×${channels}`,
      );
    }
    out.set(img.data, i * per);
  });
  return tf.tensor4d(out, [list.length, height, width, channels]);
}

/** Splits an NHWC tensor into float images (reads the data synchronously). */
export function tensorToImages(batch: tf.Tensor4D): FloatImage[] {
  const [n, height, width, channels] = batch.shape;
  const all = batch.dataSync() as Float32Array;
  const per = height * width * channels;
  return Array.from({ length: n }, (_, i) => ({
    height,
    width,
    channels,
    data: Float32Array.from(all.subarray(i * per, (i + 1) * per)),
  }));
}

/** Splits an NHWC tensor in [-1, 1] into byte images (rounding as in `floatToByte`). */
export function tensorToUint8Images(batch: tf.Tensor4D): Uint8Image[] {
  return tensorToImages(batch).map(toUint8Image);
}

/**
 * Resizes every image of an NHWC batch with the area filter (`resizeImage`, the same code path as real
 * images), returning a new tensor.
 */
export function resizeBatch(batch: tf.Tensor4D, target: ResizeTarget): tf.Tensor4D {
  return imagesToTensor(tensorToImages(batch).map((img) => resizeImage(img, target)));
}
