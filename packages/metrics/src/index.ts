/**
 * @packageDocumentation
 * `@flopmatch/metrics`: evaluation that is honest at small scale. Distribution metrics on feature sets
 * (Fréchet distance `FD-<extractor>`, kernel distance `KID-<extractor>`, improved precision/recall), a
 * CLIP-like score on paired embeddings, an exact GenEval-style prompt checker for the `shapes` dataset,
 * PSNR/SSIM for autoencoders, a memorisation check, `.npy` I/O and the `metrics fd|kid|pr` commands.
 * Every comparison of feature sets checks the extractor hash, and every value reports its sample size.
 */

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
export * from './prompt-checker/check-prompt.js';
export * from './prompt-checker/checker-config.js';
export { centroidOffset, classifyShape, type ShapeFit } from './prompt-checker/classify-shape.js';
export { type Component, connectedComponents } from './prompt-checker/connected-components.js';
export * from './prompt-checker/detect-objects.js';
export * from './prompt-checker/prompt-accuracy.js';
export { type ColourSegmentation, type RgbImage, segmentColours } from './prompt-checker/segment-colours.js';

import type { Command } from '@flopmatch/core';
import { fdCommand } from './cli/fd-command.js';
import { kidCommand } from './cli/kid-command.js';
import { prCommand } from './cli/pr-command.js';

/** Every command this package contributes to the `flopmatch` CLI. */
export const metricsCommands: readonly Command[] = [fdCommand, kidCommand, prCommand];
