/**
 * How every number of the comparison is measured, in one place: `@flopmatch/metrics`' evaluation protocol
 * (fixed N, the captions of real set A as prompts, fixed seeds), FD / KID / precision-recall of a set
 * against real set A's features, the exact prompt checker (shapes scene graphs) and the CLIP-like score —
 * for real images (the baseline), reconstructions (the codec's ceiling) and generated images alike.
 */
import { join } from 'node:path';
import { datasetImages as stackDatasetImages } from '@flopmatch/autoencoder';
import type { Dataset, GenerativeModel, LatentCodec, MetricValue, Sampler, Tensor4D } from '@flopmatch/core';
import type { FloatImage } from '@flopmatch/data';
import {
  type EvalProtocol,
  evaluationPrompts,
  type HostImages,
  type NamedFeatureSet,
  type PromptSpec,
  parseEvalProtocol,
  promptAccuracy,
  protocolMetrics,
  readFeatureSet,
} from '@flopmatch/metrics';
import type { EvalNetworks } from '../registries/components.js';
import type { UnitResultOf } from '../store/schema.js';

/** The quality numbers of one image set, shaped as the results schema stores them. */
export type Quality = UnitResultOf<'eval'>['quality'];

/**
 * KID subset size at N: Bińkowski et al.'s 1000 where N ≥ 2000, else ⌊N/2⌋. A subset as large as the set
 * would draw the same images every time, so the 100 subsets would agree and the reported std would be
 * ~0 — a spread that says nothing about sampling noise.
 */
export function kidSubsetSize(n: number): number {
  return Math.max(2, Math.min(1000, Math.floor(n / 2)));
}

/** The protocol of the run at N: KID subsets of `kidSubsetSize(N)` images, 100 subsets, seed 0. */
export function protocolAt(n: number, split: string): EvalProtocol {
  return parseEvalProtocol({ n, split, seed: 0, kid: { subsetSize: kidSubsetSize(n), subsets: 100 } });
}

/** File the eval-nets unit saves real set A's features at N to (inside its folder). */
export function realFeaturesFile(n: number): string {
  return `real-a-n${n}.npy`;
}

/** Real set A's features at N, saved by the eval-nets unit. */
export function readRealFeatures(evalNetsDir: string, n: number): Promise<NamedFeatureSet> {
  return readFeatureSet(join(evalNetsDir, realFeaturesFile(n)));
}

/**
 * Images [offset, offset + count) of a dataset as one host batch, with their captions and metadata
 * (`@flopmatch/autoencoder`'s `datasetImages`, copied off the backend).
 */
export function datasetImages(
  dataset: Dataset,
  offset: number,
  count: number,
): { images: HostImages; captions: string[]; meta: unknown[] } {
  const { images, captions, meta } = stackDatasetImages(dataset, offset, count);
  try {
    const [n, height, width, channels] = images.shape;
    return {
      images: { data: new Float32Array(images.dataSync()), n, shape: { height, width, channels } },
      captions,
      meta,
    };
  } finally {
    images.dispose();
  }
}

/** Host copy of an image tensor. */
export function hostImages(images: Tensor4D): HostImages {
  const [n, height, width, channels] = images.shape;
  return { data: images.dataSync() as Float32Array, n, shape: { height, width, channels } };
}

/** The first `count` images of a host batch as separate images (views into its data, no copies). */
export function hostImageList(images: HostImages, count = images.n): FloatImage[] {
  const { height, width, channels } = images.shape;
  const per = height * width * channels;
  return Array.from({ length: Math.min(count, images.n) }, (_, i) => ({
    width,
    height,
    channels,
    data: images.data.subarray(i * per, (i + 1) * per),
  }));
}

/** Is `meta` a shapes scene graph the prompt checker reads? */
function isSceneGraph(meta: unknown): meta is PromptSpec {
  return typeof meta === 'object' && meta !== null && 'version' in meta && 'objects' in meta;
}

/** The prompt checker's accuracy of `images` against their prompts' scene graphs; undefined off `shapes`. */
export function promptFollowing(images: HostImages, meta: readonly unknown[]): MetricValue | undefined {
  if (!meta.every(isSceneGraph)) return undefined;
  if (images.shape.channels !== 3) return undefined;
  return promptAccuracy(hostImageList(images), meta as PromptSpec[]).overall;
}

function pick(values: MetricValue[], prefix: string): MetricValue {
  const v = values.find((m) => m.name.startsWith(prefix));
  if (!v) throw new Error(`the evaluation protocol produced no ${prefix}… metric`);
  return { name: v.name, value: v.value, n: v.n, ...(v.std !== undefined ? { std: v.std } : {}) };
}

/** FD, KID, precision and recall of `fake` against `real`, prompt accuracy and the CLIP-like score. */
export function measureQuality(options: {
  nets: EvalNetworks;
  protocol: EvalProtocol;
  real: NamedFeatureSet;
  images: HostImages;
  prompts: readonly string[];
  meta: readonly unknown[];
}): Quality {
  const { nets, protocol, real, images } = options;
  const fake = nets.features.extractHost(images);
  const values = protocolMetrics(protocol).flatMap((m) => {
    const v = m.compute(real, fake);
    return Array.isArray(v) ? v : [v];
  });
  const accuracy = promptFollowing(images, options.meta);
  const clip = nets.clip?.scoreHost(images, options.prompts);
  return {
    fd: pick(values, 'FD-'),
    kid: pick(values, 'KID-'),
    precision: pick(values, 'precision-'),
    recall: pick(values, 'recall-'),
    ...(accuracy ? { promptAccuracy: { name: accuracy.name, value: accuracy.value, n: accuracy.n } } : {}),
    ...(clip ? { clipScore: { name: clip.name, value: clip.value, n: clip.n } } : {}),
  };
}

/** The prompts and per-image seeds of the protocol (captions of real set A), with their scene graphs. */
export function protocolPrompts(
  dataset: Dataset,
  protocol: EvalProtocol,
): { prompts: string[]; seeds: number[]; meta: unknown[] } {
  const meta: unknown[] = [];
  const { prompts, seeds } = evaluationPrompts((i) => {
    const s = dataset.get(i);
    meta.push(s.meta);
    return s.caption;
  }, protocol);
  return { prompts, seeds, meta };
}

/** What `generate` returns: host images and the cost the sampler reported for the first batch, per image. */
export interface Generated {
  images: HostImages;
  costPerImage: ReturnType<Sampler['estimateCost']>;
  wallMs: number;
}

/**
 * Samples one image per prompt in batches of `batchSize` (batch b uses the seed of its first image), and
 * reports progress after every batch.
 */
export async function generate(options: {
  sampler: Sampler<object>;
  model: GenerativeModel;
  codec: LatentCodec;
  prompts: readonly string[];
  seeds: readonly number[];
  cfgScale: number;
  batchSize: number;
  signal?: AbortSignal;
  onBatch?: (done: number) => void;
}): Promise<Generated> {
  const { prompts, batchSize } = options;
  const n = prompts.length;
  const { height, width, channels } = options.codec.imageShape;
  const per = height * width * channels;
  const data = new Float32Array(n * per);
  const t0 = performance.now();
  for (let start = 0; start < n; start += batchSize) {
    if (options.signal?.aborted) throw new Error('stopped');
    const part = prompts.slice(start, start + batchSize);
    const result = await options.sampler.sample({
      model: options.model,
      codec: options.codec,
      prompts: part,
      n: part.length,
      seed: options.seeds[start]!,
      cfgScale: options.cfgScale,
    });
    data.set(result.images.dataSync() as Float32Array, start * per);
    result.images.dispose();
    result.latents.dispose();
    options.onBatch?.(start + part.length);
  }
  const costPerImage = options.sampler.estimateCost({
    model: options.model,
    codec: options.codec,
    n: 1,
    cfgScale: options.cfgScale,
  });
  return {
    images: { data, n, shape: { height, width, channels } },
    costPerImage,
    wallMs: performance.now() - t0,
  };
}
