/**
 * The shared demo settings every codec family's presets start from, so VQ, LFQ, FSQ and KL-VAE codecs
 * differ only in their bottleneck (the paper's controlled comparison): `shapes` 32×32, f = 4 (an 8×8 grid,
 * 64 positions), the same encoder/decoder widths, optimiser, schedule, losses, data and step budget. Demo
 * codecs are stored in float16 (about 0.4 MB each) so several fit in the repository.
 */

import type { ConvAutoencoderConfigInput } from '../network/conv-autoencoder-config.js';
import type { AeRunConfigInput } from '../training/ae-run-config.js';
import type { AeTrainConfigInput } from '../training/ae-train-config.js';

/** The demo encoder/decoder: 32×32×3 → 8×8, widths 16 → 32 → 64, one residual block per level. */
export const DEMO_AUTOENCODER: Readonly<ConvAutoencoderConfigInput> = Object.freeze({
  image: { height: 32, width: 32, channels: 3 },
  downsampleFactor: 4,
  widths: [16, 32, 64],
  blocksPerLevel: 1,
  normGroups: 8,
  upsampleConv: false,
});

/** The demo optimiser and losses: batch 16, AdamW at 2e-3 with warmup and cosine decay, L1 + L2. */
export const DEMO_TRAIN: Readonly<AeTrainConfigInput> = Object.freeze({
  batchSize: 16,
  lr: 2e-3,
  warmupSteps: 50,
  schedule: 'cosine',
  minLrRatio: 0.05,
  loss: { l1: 1, l2: 1, perceptual: 0 },
  gan: { weight: 0 },
  statsEvery: 100,
  statsImages: 256,
});

/**
 * A demo preset for `codec` with `bottleneck` (everything else shared).
 *
 * @example
 * const preset = demoPreset('vq', { codebookSize: 64, inChannels: 8 });
 */
export function demoPreset(
  codec: string,
  bottleneck: Record<string, unknown>,
  steps = 800,
): AeRunConfigInput {
  return {
    codec,
    seed: 0,
    autoencoder: structuredClone(DEMO_AUTOENCODER) as ConvAutoencoderConfigInput,
    bottleneck,
    train: structuredClone(DEMO_TRAIN) as AeTrainConfigInput,
    data: {
      dataset: 'shapes',
      train: { split: 'train', seed: 0 },
      heldout: { split: 'test', seed: 0 },
      seed: 0,
    },
    steps,
    checkpointEvery: 200,
    reportImages: 1000,
    codecDtype: 'float16',
  };
}
