/**
 * @packageDocumentation
 * `@flopmatch/metrics`: evaluation that is honest at small scale. Distribution metrics on feature sets
 * (Fréchet distance `FD-<extractor>`, kernel distance `KID-<extractor>`, improved precision/recall), a
 * CLIP-like score on paired embeddings, an exact GenEval-style prompt checker for the `shapes` dataset,
 * PSNR/SSIM for autoencoders, a memorisation check, `.npy` I/O and the `metrics fd|kid|pr` commands.
 * Every comparison of feature sets checks the extractor hash, and every value reports its sample size.
 *
 * Evaluation networks are trained in-project (no Inception or CLIP weights exist here): a feature/classifier
 * net per dataset and a mini-CLIP, each trained by `metrics train-net`, committed under `assets/<id>/` with
 * its sha256 and held-out accuracy, loaded by id (`loadEvalNet`), and stamped into every feature set. The
 * evaluation contract (`parseEvalProtocol`, `computeReference`, `evaluateAgainstReference`) reports every
 * number at a stated N beside its real-vs-real baseline and autoencoder ceiling.
 */

export {
  createFeaturesCommand,
  createTrainNetCommand,
  datasetConfigFor,
  type EvalNetCommandsOptions,
  featuresCommand,
  trainNetCommand,
} from './cli/eval-net-commands.js';
export { fdCommand } from './cli/fd-command.js';
export { kidCommand } from './cli/kid-command.js';
export { prCommand } from './cli/pr-command.js';
export { type ClipScoreOptions, clipScore, isPairedEmbedding } from './clip-score.js';
export * from './distribution/frechet-distance.js';
export * from './distribution/gaussian-statistics.js';
export * from './distribution/kernel-inception-distance.js';
export * from './distribution/precision-recall.js';
export { sampleWithoutReplacement } from './distribution/subsample.js';
export * from './errors.js';
export * from './evaluation/clip-reference.js';
export * from './evaluation/eval-protocol.js';
export * from './evaluation/extract-dataset.js';
export * from './evaluation/reference-report.js';
export * from './feature-extractor.js';
export * from './feature-set.js';
export * from './image-quality/psnr.js';
export * from './image-quality/ssim.js';
export * from './image-quality/uint8-images.js';
export * from './io/feature-set-file.js';
export * from './io/npy.js';
export { sqrtmPsd, traceSqrtmPsd } from './linalg/sqrtm-psd.js';
export { type SymmetricEigen, type SymmetricEigenOptions, symmetricEigen } from './linalg/symmetric-eigen.js';
export * from './memorisation/memorisation-check.js';
export * from './memorisation/nearest-neighbours.js';
export * from './metric-factories.js';
export * from './networks/assets-dir.js';
export * from './networks/cross-entropy.js';
export * from './networks/eval-net-config.js';
export * from './networks/eval-net-files.js';
export * from './networks/eval-net-hash.js';
export * from './networks/eval-net-manifest.js';
export * from './networks/eval-net-presets.js';
export * from './networks/eval-net-task.js';
export * from './networks/eval-network.js';
export * from './networks/feature-net.js';
export * from './networks/held-out-accuracy.js';
export * from './networks/info-nce.js';
export * from './networks/mini-clip.js';
export * from './networks/network-inputs.js';
export * from './networks/patch-trunk.js';
export * from './networks/patchify.js';
export * from './networks/prepare-images.js';
export * from './networks/shapes-cell-labels.js';
export * from './networks/tokenizer-fingerprint.js';
export * from './networks/train-eval-net.js';
export * from './networks/word-tokenizer.js';
export * from './prompt-checker/check-prompt.js';
export * from './prompt-checker/checker-config.js';
export { centroidOffset, classifyShape, type ShapeFit } from './prompt-checker/classify-shape.js';
export { type Component, connectedComponents } from './prompt-checker/connected-components.js';
export * from './prompt-checker/detect-objects.js';
export * from './prompt-checker/prompt-accuracy.js';
export { type ColourSegmentation, type RgbImage, segmentColours } from './prompt-checker/segment-colours.js';

import type { Command } from '@flopmatch/core';
import { featuresCommand, trainNetCommand } from './cli/eval-net-commands.js';
import { fdCommand } from './cli/fd-command.js';
import { kidCommand } from './cli/kid-command.js';
import { prCommand } from './cli/pr-command.js';

/**
 * Every command this package contributes to the `flopmatch` CLI (with default options; build
 * `createTrainNetCommand({ tokenizer })` to train mini-CLIPs with another tokenizer).
 */
export const metricsCommands: readonly Command[] = [
  fdCommand,
  kidCommand,
  prCommand,
  trainNetCommand,
  featuresCommand,
];
