/**
 * Saving a trained codec to a directory and loading it back through its family.
 */
import { NoSuchComponentError, Rng } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import { CodecMismatchError } from '../errors.js';
import { Autoencoder } from '../network/autoencoder.js';
import { parseConvAutoencoderConfig } from '../network/conv-autoencoder-config.js';
import { fromHostArrays, toFloat16HostArrays, toHostArrays } from '../util/host-tensors.js';
import type { CodecFamily, TrainedCodec } from './codec-family.js';
import { type CodecManifest, readCodecFiles, writeCodecFiles } from './codec-files.js';

/** Extra records saved in `codec.json`. */
export interface SaveCodecExtras {
  /** How it was trained (any JSON). */
  training?: unknown;
  /** A reconstruction report (any JSON). */
  report?: unknown;
  /**
   * Storage precision of float weights. `float16` halves the file; the model's weights are then replaced by
   * their rounded values, so the returned codec computes exactly what a loaded one will. Default `float32`.
   */
  dtype?: 'float32' | 'float16';
}

/**
 * Writes `model` as a codec of `family` into `dir` and returns the saved codec (with its weights' sha256).
 *
 * @example
 * const codec = await saveCodec('runs/vq/codec', vqFamily, model, { training: { steps: 2000 } });
 * codec.weightsSha256; // the hash latent caches record
 */
export async function saveCodec(
  dir: string,
  family: CodecFamily,
  model: Autoencoder,
  extras: SaveCodecExtras = {},
): Promise<{ codec: TrainedCodec; manifest: CodecManifest }> {
  const draft = family.codec(model, '');
  const cost = model.cost();
  const full = toHostArrays(model.stateTensors());
  const stored = extras.dtype === 'float16' ? toFloat16HostArrays(full) : full;
  if (extras.dtype === 'float16') {
    const rounded = fromHostArrays(stored, 'float16 weights');
    model.loadStateTensors(rounded);
    tf.dispose([...rounded.values()]);
  }
  const manifest = await writeCodecFiles(dir, stored, {
    family: family.name,
    id: family.id,
    kind: draft.kind,
    autoencoder: JSON.parse(JSON.stringify(model.config)),
    bottleneck: JSON.parse(JSON.stringify(model.bottleneck.config)),
    capacity: {
      bitsPerPosition: draft.bitsPerPosition,
      latentShape: { ...draft.latentShape },
      ...(draft.kind === 'discrete' ? { codebookSize: draft.codebookSize } : {}),
    },
    cost: {
      encoder: { params: cost.encoder.params, flopsPerImage: draft.flops.encodePerImage },
      decoder: { params: cost.decoder.params, flopsPerImage: draft.flops.decodePerImage },
      bottleneckParams: cost.bottleneckParams,
    },
    ...(extras.training === undefined ? {} : { training: JSON.parse(JSON.stringify(extras.training)) }),
    ...(extras.report === undefined ? {} : { report: JSON.parse(JSON.stringify(extras.report)) }),
  });
  return { codec: family.codec(model, manifest.weights.sha256), manifest };
}

/**
 * Loads a codec directory: finds its family among `families`, rebuilds the architecture from the saved
 * configs, loads the verified weights.
 *
 * @example
 * const codec = await loadCodec('packages/vq/codecs/demo-vq', [vqFamily, lfqFamily, fsqFamily, vaeFamily]);
 * const ids = codec.kind === 'discrete' ? codec.encode(images) : undefined;
 */
export async function loadCodec(dir: string, families: readonly CodecFamily[]): Promise<TrainedCodec> {
  const { manifest, tensors } = await readCodecFiles(dir);
  const family = families.find((f) => f.name === manifest.family);
  if (!family) {
    throw new NoSuchComponentError(
      `codec family '${manifest.family}' (from ${dir})`,
      families.map((f) => f.name),
    );
  }
  const config = parseConvAutoencoderConfig(manifest.autoencoder, `${dir}/codec.json autoencoder`);
  // Initial weights are overwritten by the saved ones; a fixed seed keeps construction deterministic.
  const rng = new Rng('load-codec');
  const bottleneck = family.createBottleneck(manifest.bottleneck, rng.split('bottleneck'));
  const model = new Autoencoder(config, bottleneck, { rng: rng.split('autoencoder') });
  const loaded = fromHostArrays(tensors, `${dir}/codec.safetensors`);
  try {
    model.loadStateTensors(loaded, `${dir}/codec.safetensors`);
  } catch (error) {
    model.dispose();
    throw error;
  } finally {
    tf.dispose([...loaded.values()]);
  }
  const codec = family.codec(model, manifest.weights.sha256);
  if (codec.kind !== manifest.kind) {
    codec.dispose();
    throw new CodecMismatchError(
      dir,
      `codec.json says ${manifest.kind}, family '${family.name}' builds ${codec.kind}`,
    );
  }
  return codec;
}
