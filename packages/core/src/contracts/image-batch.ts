import type { Tensor4D } from './tensor.js';

/** Shape of an image: height × width × channels (NHWC order, as TensorFlow.js uses). */
export interface ImageShape {
  height: number;
  width: number;
  channels: number;
}

/**
 * A batch of images with their prompts.
 *
 * `images` is NHWC float32 in [-1, 1] (pixel value v ∈ [0, 255] maps to v / 127.5 − 1).
 *
 * @example
 * const batch: ImageBatch = { images: tf.zeros([2, 32, 32, 3]), captions: ['a red circle', 'a blue square'] };
 */
export interface ImageBatch {
  images: Tensor4D;
  captions: string[];
  /** Per-image metadata from the dataset (a scene graph on `shapes`, a class label on MNIST). */
  meta?: unknown[];
}
