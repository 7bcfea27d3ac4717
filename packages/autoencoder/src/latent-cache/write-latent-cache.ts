/**
 * Encodes a dataset once into a latent cache (as MAR and LlamaGen cache their tokenizer outputs), so
 * generator training never re-runs the encoder. Streams batch by batch: nothing but one batch is held in
 * memory. Files are written under temporary names and renamed into place; the manifest is written last, so a
 * directory without a manifest (or whose files do not match it) is never read as a cache.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { type Dataset, type LatentCodec, writeJsonAtomic } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import { CodecMismatchError } from '../errors.js';
import { datasetImages } from '../training/dataset-images.js';
import {
  LATENT_CACHE_FILES,
  LATENT_CACHE_FORMAT,
  type LatentCacheManifest,
} from './latent-cache-manifest.js';

/** Options of `writeLatentCache`. */
export interface WriteLatentCacheOptions {
  /** Output directory (created; an existing cache there is replaced). */
  dir: string;
  /** The codec to encode with. */
  codec: LatentCodec;
  /** sha256 of the codec's weights (a saved codec's `weightsSha256`). */
  codecHash: string;
  /** Source images. */
  dataset: Dataset;
  /** First dataset index to encode. Default 0. */
  start?: number;
  /** Samples to encode. Default: the rest of the dataset from `start`. */
  count?: number;
  /** Images per encoder call. Default 64. */
  batchSize?: number;
  /** Continuous codecs: `mean` (default) or `sample` from the posterior (drawn from the codec's own stream). */
  mode?: 'mean' | 'sample';
  /** Called after each batch with the samples written so far. */
  onProgress?: (written: number, total: number) => void;
}

class HashedFile {
  readonly fd: number;
  readonly hash = createHash('sha256');
  bytes = 0;
  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }
  write(data: Uint8Array): void {
    let off = 0;
    while (off < data.length) off += writeSync(this.fd, data, off, data.length - off);
    this.hash.update(data);
    this.bytes += data.length;
  }
  finish(): { sha256: string; bytes: number } {
    fsyncSync(this.fd);
    closeSync(this.fd);
    return { sha256: this.hash.digest('hex'), bytes: this.bytes };
  }
}

/**
 * Encodes `count` images of `dataset` with `codec` into `dir`. Returns the manifest.
 *
 * @example
 * await writeLatentCache({ dir: 'cache/vq-train', codec, codecHash: codec.weightsSha256, dataset, count: 20_000 });
 * const latents = LatentCache.open('cache/vq-train'); // a LatentDataset
 */
export async function writeLatentCache(options: WriteLatentCacheOptions): Promise<LatentCacheManifest> {
  const { dir, codec, dataset } = options;
  const start = options.start ?? 0;
  const count = options.count ?? dataset.size - start;
  const batchSize = options.batchSize ?? 64;
  if (!/^[0-9a-f]{64}$/.test(options.codecHash)) {
    throw new CodecMismatchError(
      'writeLatentCache',
      `codecHash '${options.codecHash}' is not a sha256 hex digest`,
      "pass the saved codec's weightsSha256",
    );
  }
  if (!(Number.isInteger(count) && count >= 0 && start + count <= dataset.size)) {
    throw new CodecMismatchError(
      'writeLatentCache',
      `samples ${start}…${start + count - 1} are outside ${dataset.id}'s ${dataset.size}`,
      `use count ≤ ${dataset.size - start}`,
    );
  }
  const shape = dataset.imageShape;
  if (
    shape.height !== codec.imageShape.height ||
    shape.width !== codec.imageShape.width ||
    shape.channels !== codec.imageShape.channels
  ) {
    throw new CodecMismatchError(
      'writeLatentCache',
      `${dataset.id} images are ${shape.height}×${shape.width}×${shape.channels}, the codec takes ${codec.imageShape.height}×${codec.imageShape.width}×${codec.imageShape.channels}`,
      'encode a dataset of the size the codec was trained on',
    );
  }
  mkdirSync(dir, { recursive: true });
  const tag = `.partial-${process.pid}-${randomBytes(3).toString('hex')}`;
  const latents = new HashedFile(join(dir, LATENT_CACHE_FILES.latents + tag));
  const samples = new HashedFile(join(dir, LATENT_CACHE_FILES.samples + tag));
  const offsets = new Float64Array(count + 1);
  const mode = options.mode ?? 'mean';
  for (let s = 0; s < count; s += batchSize) {
    const n = Math.min(batchSize, count - s);
    const batch = datasetImages(dataset, start + s, n);
    const encoded = tf.tidy(() =>
      codec.kind === 'discrete' ? codec.encode(batch.images) : codec.encode(batch.images, mode),
    );
    const data = encoded.dataSync();
    const row = codec.kind === 'discrete' ? Int32Array.from(data) : Float32Array.from(data);
    tf.dispose([encoded, batch.images]);
    latents.write(new Uint8Array(row.buffer, row.byteOffset, row.byteLength));
    const lines = batch.captions.map(
      (caption, i) => `${JSON.stringify({ caption, meta: batch.meta[i] ?? null })}\n`,
    );
    for (let i = 0; i < n; i++) {
      const bytes = Buffer.from(lines[i]!, 'utf8');
      samples.write(bytes);
      offsets[s + i + 1] = samples.bytes;
    }
    options.onProgress?.(s + n, count);
  }
  const index = new HashedFile(join(dir, LATENT_CACHE_FILES.index + tag));
  index.write(new Uint8Array(offsets.buffer));
  const files = {
    [LATENT_CACHE_FILES.latents]: latents.finish(),
    [LATENT_CACHE_FILES.samples]: samples.finish(),
    [LATENT_CACHE_FILES.index]: index.finish(),
  };
  for (const name of Object.keys(files)) renameSync(join(dir, name + tag), join(dir, name));
  const manifest: LatentCacheManifest = {
    format: LATENT_CACHE_FORMAT,
    version: 1,
    kind: codec.kind,
    dtype: codec.kind === 'discrete' ? 'int32' : 'float32',
    latentShape: { ...codec.latentShape },
    ...(codec.kind === 'discrete'
      ? { codebookSize: codec.codebookSize }
      : { scaleFactor: codec.scaleFactor, mode }),
    size: count,
    codecHash: options.codecHash,
    codec: { id: codec.id, config: JSON.parse(JSON.stringify(codec.config)) },
    dataset: { id: dataset.id, config: JSON.parse(JSON.stringify(dataset.config)), start },
    files,
    created: new Date().toISOString(),
  };
  await writeJsonAtomic(join(dir, LATENT_CACHE_FILES.manifest), manifest);
  return manifest;
}
