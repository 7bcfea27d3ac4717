/**
 * The reconstruction report of a codec on held-out images: PSNR (uint8, MAX = 255, computed here), SSIM
 * (injected: `@flopmatch/metrics`'s `ssimBatch` is passed in by the app, since this package does not import
 * a sibling), codebook usage and perplexity (discrete) or latent statistics (continuous), bits per latent
 * position, and parameters and FLOPs per image of encoder and decoder from the FLOP ledger.
 */
import type { Dataset, MetricValue } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import type { TrainedCodec } from '../codec/codec-family.js';
import { datasetImages } from '../training/dataset-images.js';
import { codebookStats } from './codebook-stats.js';
import { psnrUint8, toUint8 } from './psnr.js';

/** A batch of NHWC uint8 images (the shape `@flopmatch/metrics` scores). */
export interface Uint8Batch {
  data: Uint8Array;
  shape: [number, number, number, number];
}

/** Image metrics the caller can inject (e.g. `{ ssim: ssimBatch }` from `@flopmatch/metrics`). */
export interface ImageMetrics {
  /** SSIM of originals vs reconstructions, averaged over images. */
  ssim?: (original: Uint8Batch, reconstruction: Uint8Batch) => MetricValue;
}

/** Options of `reconstructionReport`. */
export interface ReconstructionReportOptions {
  codec: TrainedCodec;
  /** Held-out images (the first `count` are used). */
  dataset: Dataset;
  /** Images to score. Default 1000 (or the dataset size). */
  count?: number;
  /** Images per encode/decode call. Default 64. */
  batchSize?: number;
  /** Injected metrics (SSIM). */
  metrics?: ImageMetrics;
}

/** What `reconstructionReport` measures. */
export interface ReconstructionReport {
  codec: string;
  kind: 'discrete' | 'continuous';
  /** sha256 of the codec's weights. */
  weightsSha256: string;
  dataset: { id: string; config: unknown; count: number };
  /** Mean per-image PSNR in dB (uint8, MAX = 255) and its standard deviation over images. */
  psnr: { value: number; std: number; min: number };
  /** Mean SSIM, or null with the reason when no SSIM function was injected. */
  ssim: { value: number } | { value: null; reason: string };
  /** Bits per latent position: log2(codebook size), or channels (continuous). */
  bitsPerPosition: number;
  latentShape: { height: number; width: number; channels: number };
  /** Discrete codecs: codebook size, codes used, usage fraction and perplexity over the scored images. */
  codebook?: { size: number; used: number; usage: number; perplexity: number };
  /** Continuous codecs: mean and standard deviation of the (scaled) latents, and the scale factor. */
  latents?: { mean: number; std: number; scaleFactor: number };
  params: { encoder: number; decoder: number; bottleneck: number };
  flopsPerImage: { encoder: number; decoder: number };
}

/**
 * Encodes and decodes `count` held-out images and scores the reconstructions.
 *
 * @example
 * const report = reconstructionReport({ codec, dataset: new ShapesDataset({ split: 'test' }), count: 500 });
 * report.psnr.value; // dB
 */
export function reconstructionReport(options: ReconstructionReportOptions): ReconstructionReport {
  const { codec, dataset } = options;
  const count = Math.min(options.count ?? 1000, dataset.size);
  const batchSize = options.batchSize ?? 64;
  const { height, width, channels } = dataset.imageShape;
  const per = height * width * channels;
  const original = new Uint8Array(count * per);
  const recon = new Uint8Array(count * per);
  const psnrs: number[] = [];
  const ids: number[] = [];
  let sum = 0;
  let sumSq = 0;
  let latentCount = 0;
  for (let s = 0; s < count; s += batchSize) {
    const n = Math.min(batchSize, count - s);
    const { images } = datasetImages(dataset, s, n);
    const [x, r, latent] = tf.tidy(() => {
      if (codec.kind === 'discrete') {
        const t = codec.encode(images);
        return [images.dataSync(), codec.decode(t).dataSync(), t.dataSync()];
      }
      const t = codec.encode(images, 'mean');
      return [images.dataSync(), codec.decode(t).dataSync(), t.dataSync()];
    });
    images.dispose();
    psnrs.push(...psnrUint8(x, r, per));
    for (let i = 0; i < x.length; i++) {
      original[s * per + i] = toUint8(x[i]!);
      recon[s * per + i] = toUint8(r[i]!);
    }
    if (codec.kind === 'discrete') for (const v of latent) ids.push(v);
    else {
      for (const v of latent) {
        sum += v;
        sumSq += v * v;
      }
      latentCount += latent.length;
    }
  }
  const mean = psnrs.reduce((a, v) => a + v, 0) / count;
  const std = Math.sqrt(psnrs.reduce((a, v) => a + (v - mean) ** 2, 0) / count);
  const shape: [number, number, number, number] = [count, height, width, channels];
  const ssim = options.metrics?.ssim
    ? { value: options.metrics.ssim({ data: original, shape }, { data: recon, shape }).value }
    : {
        value: null,
        reason: 'no SSIM function was injected (pass metrics.ssim, e.g. ssimBatch from @flopmatch/metrics)',
      };
  const report: ReconstructionReport = {
    codec: codec.id,
    kind: codec.kind,
    weightsSha256: codec.weightsSha256,
    dataset: { id: dataset.id, config: dataset.config, count },
    psnr: { value: mean, std, min: Math.min(...psnrs) },
    ssim,
    bitsPerPosition: codec.bitsPerPosition,
    latentShape: { ...codec.latentShape },
    params: { ...codec.params },
    flopsPerImage: { encoder: codec.flops.encodePerImage, decoder: codec.flops.decodePerImage },
  };
  if (codec.kind === 'discrete') {
    const c = codebookStats(ids, codec.codebookSize);
    report.codebook = { size: codec.codebookSize, used: c.used, usage: c.usage, perplexity: c.perplexity };
  } else {
    const m = sum / latentCount;
    report.latents = {
      mean: m,
      std: Math.sqrt(Math.max(0, sumSq / latentCount - m * m)),
      scaleFactor: codec.scaleFactor,
    };
  }
  return report;
}
