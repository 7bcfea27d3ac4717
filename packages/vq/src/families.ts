/**
 * The `vq`, `lfq` and `fsq` codec families for `@flopmatch/autoencoder`'s `train-ae` command and codec
 * loading, with presets at two capacities each (64 and 512 codes: 6 and 9 bits per position; VQ also at 8
 * codes, 3 bits) over the shared demo encoder/decoder.
 */
import { type Autoencoder, type CodecFamily, demoPreset, loadCodec } from '@flopmatch/autoencoder';
import type { RandomSource } from '@flopmatch/core';
import { CodecInputError } from './errors.js';
import { FiniteScalarQuantizer, type FiniteScalarQuantizerOptions } from './finite-scalar-quantizer.js';
import { LookupFreeQuantizer, type LookupFreeQuantizerOptions } from './lookup-free-quantizer.js';
import type { Quantizer } from './quantizer.js';
import { VectorQuantizer, type VectorQuantizerOptions } from './vector-quantizer.js';
import { VqCodec } from './vq-codec.js';

/** Demo VQ settings: 8 channels, a fast EMA (γ = 0.95) and restarts of codes used < 0.5 times per batch. */
const DEMO_VQ = { inChannels: 8, emaDecay: 0.95, deadCodeThreshold: 0.5 };

/**
 * VQ with an EMA codebook: 512 codes (`demo-vq`, the default), 64 codes (`vq-64`) and 8 codes (`vq-8`, the
 * clearly lower-capacity rung of the codec ladder, 3 bits per position). The demo runs are
 * short (hundreds of steps), so the EMA is faster than the paper's (γ = 0.95) and codes unused for about
 * 14 steps (cluster size < 0.5 assignments per batch) are restarted from batch encodings.
 */
export const vqFamily: CodecFamily = {
  name: 'vq',
  id: 'codec:vq',
  summary:
    'vector quantization: nearest code, straight-through, commitment β = 0.25, EMA codebook, dead-code restarts',
  presets: {
    'demo-vq': demoPreset('vq', { ...DEMO_VQ, codebookSize: 512 }),
    'vq-64': demoPreset('vq', { ...DEMO_VQ, codebookSize: 64 }),
    'vq-8': demoPreset('vq', { ...DEMO_VQ, codebookSize: 8 }),
  },
  defaultPreset: 'demo-vq',
  createBottleneck: (config: unknown, rng: RandomSource) =>
    new VectorQuantizer(config as VectorQuantizerOptions, rng),
  codec: (model: Autoencoder, sha: string) => new VqCodec('codec:vq', model as Autoencoder<Quantizer>, sha),
};

/** LFQ: 9 bits (`demo-lfq`, 512 codes) and 6 bits (`lfq-64`). */
export const lfqFamily: CodecFamily = {
  name: 'lfq',
  id: 'codec:lfq',
  summary: 'lookup-free quantization (MAGVIT-v2): signs of k channels, 2^k codes, entropy penalty',
  presets: {
    'demo-lfq': demoPreset('lfq', { bits: 9 }),
    'lfq-64': demoPreset('lfq', { bits: 6 }),
  },
  defaultPreset: 'demo-lfq',
  createBottleneck: (config: unknown, rng: RandomSource) =>
    new LookupFreeQuantizer(config as LookupFreeQuantizerOptions, rng),
  codec: (model: Autoencoder, sha: string) => new VqCodec('codec:lfq', model as Autoencoder<Quantizer>, sha),
};

/** FSQ: levels [8, 8, 8] (`demo-fsq`, 512 codes) and [4, 4, 4] (`fsq-64`). */
export const fsqFamily: CodecFamily = {
  name: 'fsq',
  id: 'codec:fsq',
  summary: 'finite scalar quantization: bounded, rounded channels, implicit codebook of Π L_i codes',
  presets: {
    'demo-fsq': demoPreset('fsq', { levels: [8, 8, 8] }),
    'fsq-64': demoPreset('fsq', { levels: [4, 4, 4] }),
  },
  defaultPreset: 'demo-fsq',
  createBottleneck: (config: unknown, rng: RandomSource) =>
    new FiniteScalarQuantizer(config as FiniteScalarQuantizerOptions, rng),
  codec: (model: Autoencoder, sha: string) => new VqCodec('codec:fsq', model as Autoencoder<Quantizer>, sha),
};

/** The three discrete families. */
export const DISCRETE_FAMILIES: readonly CodecFamily[] = Object.freeze([vqFamily, lfqFamily, fsqFamily]);

/**
 * Loads a saved discrete codec (VQ, LFQ or FSQ) from its directory.
 *
 * @example
 * const codec = await loadVqCodec('packages/vq/codecs/demo-vq');
 */
export async function loadVqCodec(dir: string): Promise<VqCodec> {
  const codec = await loadCodec(dir, DISCRETE_FAMILIES);
  if (!(codec instanceof VqCodec)) {
    codec.dispose();
    throw new CodecInputError(
      'loadVqCodec',
      `${dir} holds a ${codec.kind} codec`,
      'load it with its own package (e.g. loadVaeCodec)',
    );
  }
  return codec;
}
