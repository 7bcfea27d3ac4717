/**
 * Loaded evaluation networks as the rest of flopmatch uses them: `FeatureExtractor`s whose every feature
 * set carries the network's id (`shapes-features-v1`) and extractor hash, batched inference on host data
 * or tensors, and for a mini-CLIP the prompt side and the CLIP-like score.
 */
import type { MetricValue, PromptTokenizer, Tensor4D } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import { clipScore } from '../clip-score.js';
import { MetricInputError } from '../errors.js';
import type { FeatureExtractor } from '../feature-extractor.js';
import { createFeatureSet, type NamedFeatureSet } from '../feature-set.js';
import type { EvalNetConfig } from './eval-net-config.js';
import { evalNetId } from './eval-net-config.js';
import type { FeatureNet } from './feature-net.js';
import { headWidth } from './feature-net.js';
import type { MiniClip } from './mini-clip.js';
import { patchTensor, promptTensor } from './network-inputs.js';
import type { ImageSize } from './prepare-images.js';

/** Images per forward pass during inference. */
export const INFERENCE_BATCH = 256;

/** Host images [N, H, W, C] (row-major) with their shape. */
export interface HostImages {
  data: Float32Array;
  n: number;
  shape: ImageSize;
}

function hostImages(images: Tensor4D): HostImages {
  const [n, height, width, channels] = images.shape;
  return { data: images.dataSync() as Float32Array, n, shape: { height, width, channels } };
}

/** Runs `f` on consecutive slices of at most `INFERENCE_BATCH` images; returns the rows concatenated. */
function batched(
  images: HostImages,
  width: number,
  f: (data: Float32Array, n: number) => tf.Tensor2D,
): Float32Array {
  const { n, shape } = images;
  const per = shape.height * shape.width * shape.channels;
  const out = new Float32Array(n * width);
  for (let start = 0; start < n; start += INFERENCE_BATCH) {
    const m = Math.min(INFERENCE_BATCH, n - start);
    const rows = f(images.data.subarray(start * per, (start + m) * per), m);
    out.set(rows.dataSync() as Float32Array, start * width);
    rows.dispose();
  }
  return out;
}

abstract class EvalNetworkBase implements FeatureExtractor {
  readonly specVersion = 'v1' as const;
  /** `<name>-v<version>`, used in metric names. */
  readonly name: string;
  readonly extractorHash: string;
  abstract readonly dim: number;

  constructor(
    readonly config: EvalNetConfig,
    extractorHash: string,
  ) {
    this.name = evalNetId(config);
    this.extractorHash = extractorHash;
  }

  /** Features [N, D] of host images. */
  abstract extractHost(images: HostImages): NamedFeatureSet;

  async extract(images: Tensor4D): Promise<NamedFeatureSet> {
    return this.extractHost(hostImages(images));
  }

  protected featureSet(data: Float32Array, n: number, dim: number): NamedFeatureSet {
    return createFeatureSet({ data, n, dim, extractorHash: this.extractorHash, extractor: this.name });
  }

  abstract dispose(): void;
}

/**
 * A feature/classifier network: features for FD/KID/precision-recall and head logits.
 *
 * @example
 * const net = await loadFeatureNetwork('shapes-features-v1');
 * const real = await net.extract(images); // NamedFeatureSet, extractor 'shapes-features-v1', n = N, dim 128
 */
export class FeatureNetwork extends EvalNetworkBase {
  readonly dim: number;
  constructor(
    readonly model: FeatureNet,
    extractorHash: string,
  ) {
    super(model.config, extractorHash);
    this.dim = model.config.trunk.featureDim;
  }

  extractHost(images: HostImages): NamedFeatureSet {
    const data = batched(images, this.dim, (d, m) =>
      tf.tidy(() => this.model.trunk.forward(patchTensor(this.config, d, m, images.shape), m)),
    );
    return this.featureSet(data, images.n, this.dim);
  }

  /** Head logits [N, headWidth] of host images (row-major). */
  logitsHost(images: HostImages): Float32Array {
    return batched(images, headWidth(this.config), (d, m) =>
      tf.tidy(() => this.model.forward(patchTensor(this.config, d, m, images.shape), m).logits),
    );
  }

  dispose(): void {
    this.model.dispose();
  }
}

/**
 * A mini-CLIP: image embeddings (`extract`), prompt embeddings and the CLIP-like score.
 *
 * @example
 * const clip = await loadClipNetwork('shapes-clip-v1');
 * clip.score(images, prompts); // { name: 'CLIP-score-shapes-clip-v1', value, n }
 */
export class ClipNetwork extends EvalNetworkBase {
  readonly dim: number;
  constructor(
    readonly model: MiniClip,
    readonly tokenizer: PromptTokenizer,
    extractorHash: string,
  ) {
    super(model.config, extractorHash);
    this.dim = model.head.embedDim;
  }

  extractHost(images: HostImages): NamedFeatureSet {
    const data = batched(images, this.dim, (d, m) =>
      tf.tidy(() => this.model.embedImages(patchTensor(this.config, d, m, images.shape), m)),
    );
    return this.featureSet(data, images.n, this.dim);
  }

  /** Unit prompt embeddings [N, E], stamped with this network's hash. */
  embedPrompts(prompts: readonly string[]): NamedFeatureSet {
    const out = new Float32Array(prompts.length * this.dim);
    for (let start = 0; start < prompts.length; start += INFERENCE_BATCH) {
      const part = prompts.slice(start, start + INFERENCE_BATCH);
      const emb = tf.tidy(() => this.model.embedTexts(promptTensor(this.config, this.tokenizer, part)));
      out.set(emb.dataSync() as Float32Array, start * this.dim);
      emb.dispose();
    }
    return this.featureSet(out, prompts.length, this.dim);
  }

  /** CLIP-like score 100 · mean max(cos(imageᵢ, promptᵢ), 0) of images with their prompts (row i ↔ prompt i). */
  scoreHost(images: HostImages, prompts: readonly string[]): MetricValue {
    if (images.n !== prompts.length) {
      throw new MetricInputError(
        `CLIP score: ${images.n} images but ${prompts.length} prompts`,
        'pass one prompt per image',
      );
    }
    return clipScore(this.extractHost(images), this.embedPrompts(prompts));
  }

  /** `scoreHost` on an image tensor [N, H, W, C]. */
  score(images: Tensor4D, prompts: readonly string[]): MetricValue {
    return this.scoreHost(hostImages(images), prompts);
  }

  dispose(): void {
    this.model.dispose();
  }
}

/** Either kind of loaded evaluation network. */
export type EvalNetwork = FeatureNetwork | ClipNetwork;
