/**
 * Turning dataset samples or image tensors into what the networks eat: adapted images → patches [N·G, P]
 * as a tensor, labels from sample metadata, prompt ids from captions.
 */
import type { DataSample, Dataset, PromptTokenizer } from '@flopmatch/core';
import type { LabelMeta, SceneGraph } from '@flopmatch/data';
import * as tf from '@tensorflow/tfjs-core';
import { MetricInputError } from '../errors.js';
import type { EvalNetConfig } from './eval-net-config.js';
import type { FeatureTargets } from './feature-net.js';
import { encodePrompts } from './mini-clip.js';
import { patchChannels, patchify } from './patchify.js';
import { type ImageSize, prepareImages } from './prepare-images.js';
import { shapesCellLabels } from './shapes-cell-labels.js';

/** Patches [N·G, P] of images [N, h, w, c] (host data) for `config`'s network. */
export function patchTensor(
  config: EvalNetConfig,
  data: Float32Array,
  n: number,
  source: ImageSize,
): tf.Tensor2D {
  const images = prepareImages(data, n, source, config.image, config.patch.padValue);
  const { height, width, channels } = config.image;
  const patches = patchify(images, n, height, width, channels, config.patch);
  const size = config.patch.kernel ** 2 * patchChannels(config.patch, channels);
  return tf.tensor2d(patches, [patches.length / size, size]);
}

/** Samples `indices` of `dataset`, with their images stacked NHWC. */
export function gatherSamples(
  dataset: Dataset,
  indices: readonly number[],
): { samples: DataSample[]; images: Float32Array } {
  const { height, width, channels } = dataset.imageShape;
  const per = height * width * channels;
  const images = new Float32Array(indices.length * per);
  const samples = indices.map((index, k) => {
    const s = dataset.get(index);
    if (s.image.length !== per) {
      throw new MetricInputError(
        `${dataset.id} sample ${index} has ${s.image.length} values, expected ${height}×${width}×${channels}`,
      );
    }
    images.set(s.image, k * per);
    return s;
  });
  return { samples, images };
}

/** Head targets from sample metadata (scene graphs on `shapes`, `{ label }` on MNIST-style sets). */
export function targetsOf(config: EvalNetConfig, samples: readonly DataSample[]): FeatureTargets {
  const head = config.head;
  if (head.type === 'shapes-cells') {
    const scenes = samples.map((s, i) => {
      const meta = s.meta as SceneGraph | undefined;
      if (!meta || !Array.isArray(meta.objects)) {
        throw new MetricInputError(
          `sample ${i} has no shapes scene graph in meta`,
          'train shapes networks on the shapes dataset',
        );
      }
      return meta;
    });
    return { type: 'shapes-cells', labels: shapesCellLabels(scenes, head) };
  }
  if (head.type === 'classes') {
    const labels = Int32Array.from(samples, (s, i) => {
      const label = (s.meta as LabelMeta | undefined)?.label;
      if (!(Number.isInteger(label) && label! >= 0 && label! < head.classes.length)) {
        throw new MetricInputError(
          `sample ${i} has no class label in meta (found ${JSON.stringify(s.meta)})`,
        );
      }
      return label!;
    });
    return { type: 'classes', labels };
  }
  throw new MetricInputError(`a '${head.type}' network has no classifier targets`);
}

/** Prompt ids [N, L] (int32 tensor) of `prompts` for a clip network. */
export function promptTensor(
  config: EvalNetConfig,
  tokenizer: PromptTokenizer,
  prompts: readonly string[],
): tf.Tensor2D {
  if (config.head.type !== 'clip')
    throw new MetricInputError(`a '${config.head.type}' network takes no prompts`);
  const ids = encodePrompts(tokenizer, prompts, config.head);
  return tf.tensor2d(ids, [prompts.length, config.head.textLength], 'int32');
}
