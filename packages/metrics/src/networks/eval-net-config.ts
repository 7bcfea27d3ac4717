/**
 * The serialisable description of an evaluation network: its architecture (`EvalNetConfig`) and how it is
 * trained (`EvalNetTrainConfig`). Both are frozen data validated by zod through `parseConfig`, saved in
 * the network's `network.json`, and enough to rebuild the network exactly.
 */
import { parseConfig } from '@flopmatch/core';
import { z } from 'zod';

const count = z.number().int().positive();

/** The patch grid of the first layer (a k×k, stride-s convolution computed on patches). */
export const PatchConfigSchema = z.strictObject({
  /** Window size k. Default 8: a window holds a whole small `shapes` object (~5 px) or most of a large one. */
  kernel: count.default(8),
  /** Stride s. Default 4 (windows overlap by half). */
  stride: count.default(4),
  /** Padding p on every side. Default 2, so 32 px images give an 8 × 8 grid. */
  padding: z.number().int().nonnegative().default(2),
  /** Value of padded pixels. Default −1 (black, the background of every dataset here). */
  padValue: z.number().default(-1),
  /**
   * Add max over channels as an extra input channel: a colour-independent object mask on `shapes`, whose
   * palette colours all have a channel at 255. Default false.
   */
  maxChannel: z.boolean().default(false),
});

/** Widths of the shared trunk: patch MLP → flatten → hidden → feature layer. */
export const TrunkConfigSchema = z.strictObject({
  /** Output widths of the per-patch layers (the first is the k×k convolution). Default [128, 32]. */
  patchWidths: z.array(count).min(1).default([128, 32]),
  /** Width of the layer after flattening the patch grid (most of the weights: G·32·hidden). Default 192. */
  hidden: count.default(192),
  /** Width D of the feature layer (what FD/KID/precision-recall use), 64–256. Default 128. */
  featureDim: z.number().int().min(8).max(512).default(128),
});

/** Per-cell attribute heads for `shapes`: one softmax per grid cell over {empty, shapes…}, colours and sizes. */
export const ShapesCellsHeadSchema = z.strictObject({
  type: z.literal('shapes-cells'),
  /** Shape names, index + 1 = class (0 = empty cell). */
  shapes: z.array(z.string()).min(2),
  /** Colour names, index = class. */
  colours: z.array(z.string()).min(2),
  /** Size names, index = class. */
  sizes: z.array(z.string()).min(1),
  /** Cells per side of the layout grid. Default 3 (the `shapes` 3 × 3 layout). */
  grid: count.default(3),
});

/** A class head (MNIST, Fashion-MNIST). */
export const ClassesHeadSchema = z.strictObject({
  type: z.literal('classes'),
  /** Class names, index = label. */
  classes: z.array(z.string()).min(2),
});

/** The mini-CLIP text tower and joint embedding. */
export const ClipHeadSchema = z.strictObject({
  type: z.literal('clip'),
  /** Token ids the text tower embeds: the injected tokenizer's `vocabSize`. */
  vocabSize: count,
  /** Joint embedding width. Default 64. */
  embedDim: count.default(64),
  /** Prompt length L in tokens (BOS and EOS included; longer prompts are truncated). Default 16. */
  textLength: count.default(16),
  /** Token embedding width. Default 32. */
  tokenWidth: count.default(32),
  /** Hidden width of the text MLP. Default 128. */
  textHidden: count.default(128),
  /** Initial temperature τ; logits are cos / τ (CLIP §2.5 initialises 1/τ = 1/0.07). Default 0.07. */
  initialTemperature: z.number().positive().default(0.07),
  /** Largest logit scale 1/τ (CLIP clips at 100). Default 100. */
  maxLogitScale: z.number().positive().default(100),
});

/** The zod schema of `EvalNetConfig`. */
export const EvalNetConfigSchema = z.strictObject({
  type: z.literal('metrics:eval-net').default('metrics:eval-net'),
  version: z.literal(1).default(1),
  /** Network name without version: `shapes-features`, `shapes-clip`, `mnist-features`, … */
  name: z.string().regex(/^[a-z0-9-]+$/),
  /** Version of the weights: the `1` of `shapes-features-v1`. Bump it whenever retrained. */
  netVersion: count,
  /** `features`: trunk + classifier heads; `clip`: image tower + text tower (contrastive). */
  kind: z.enum(['features', 'clip']),
  /** Dataset the network was trained on (`shapes`, `mnist`, `fashion-mnist`). */
  dataset: z.string().min(1),
  /** Input images the network takes (others are adapted or refused by `prepareImages`). */
  image: z.strictObject({ height: count, width: count, channels: count }),
  patch: PatchConfigSchema.prefault({}),
  trunk: TrunkConfigSchema.prefault({}),
  head: z.discriminatedUnion('type', [ShapesCellsHeadSchema, ClassesHeadSchema, ClipHeadSchema]),
});

/** Architecture of an evaluation network (frozen, serialisable). */
export type EvalNetConfig = z.output<typeof EvalNetConfigSchema>;
/** What callers may write (defaults may be omitted). */
export type EvalNetConfigInput = z.input<typeof EvalNetConfigSchema>;

/** The zod schema of `EvalNetTrainConfig`. */
export const EvalNetTrainConfigSchema = z.strictObject({
  type: z.literal('metrics:eval-net-train').default('metrics:eval-net-train'),
  version: z.literal(1).default(1),
  /** Optimiser steps. */
  steps: count,
  /** Images per step. Default 128. */
  batchSize: count.default(128),
  /** Peak learning rate of AdamW. Default 2e-3. */
  lr: z.number().positive().default(2e-3),
  /** Linear warmup steps, then cosine decay to `minLrRatio`·lr. Default 100. */
  warmupSteps: z.number().int().nonnegative().default(100),
  /** Final learning rate as a fraction of the peak. Default 0.02. */
  minLrRatio: z.number().min(0).max(1).default(0.02),
  /** AdamW decoupled weight decay. Default 1e-4. */
  weightDecay: z.number().nonnegative().default(1e-4),
  /** Seed of the initial weights (`Rng(seed).split('init')`). Default 0. */
  seed: z.number().int().default(0),
  /** Dataset config of the training split (passed to `@flopmatch/data`'s `createDataset`). */
  trainData: z.record(z.string(), z.unknown()).default({}),
  /** Dataset config of the held-out split the recorded accuracy is measured on. */
  heldOutData: z.record(z.string(), z.unknown()).default({ split: 'test' }),
  /** Held-out images scored after training. Default 2000. */
  heldOutCount: count.default(2000),
});

/** How an evaluation network is trained (frozen, serialisable). */
export type EvalNetTrainConfig = z.output<typeof EvalNetTrainConfigSchema>;
/** What callers may write. */
export type EvalNetTrainConfigInput = z.input<typeof EvalNetTrainConfigSchema>;

/** Validates an architecture config (errors name the field). */
export function parseEvalNetConfig(value: unknown, source = 'eval-net config'): EvalNetConfig {
  return parseConfig(EvalNetConfigSchema, value, source);
}

/** Validates a training config (errors name the field). */
export function parseEvalNetTrainConfig(
  value: unknown,
  source = 'eval-net train config',
): EvalNetTrainConfig {
  return parseConfig(EvalNetTrainConfigSchema, value, source);
}

/** `<name>-v<netVersion>`: the id a network is loaded by and the name in metric names (`FD-shapes-features-v1`). */
export function evalNetId(config: Pick<EvalNetConfig, 'name' | 'netVersion'>): string {
  return `${config.name}-v${config.netVersion}`;
}
