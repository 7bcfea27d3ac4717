/** Stacks samples of a dataset into an NHWC batch (no shuffling: for held-out sets and reports). */
import type { Dataset } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Images `start … start + count − 1` of `dataset` as [count, H, W, C], with their captions and metadata.
 *
 * @example
 * const { images } = datasetImages(new ShapesDataset({ split: 'test' }), 0, 64);
 */
export function datasetImages(
  dataset: Dataset,
  start: number,
  count: number,
): { images: tf.Tensor4D; captions: string[]; meta: unknown[] } {
  const { height, width, channels } = dataset.imageShape;
  const per = height * width * channels;
  const data = new Float32Array(count * per);
  const captions: string[] = [];
  const meta: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const s = dataset.get(start + i);
    data.set(s.image, i * per);
    captions.push(s.caption);
    meta.push(s.meta);
  }
  return { images: tf.tensor4d(data, [count, height, width, channels]), captions, meta };
}
