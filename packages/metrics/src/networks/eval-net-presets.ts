/**
 * The evaluation networks this package trains and ships, by name: `train-net --net <name>` trains one,
 * and `loadEvalNet('<name>-v<version>')` loads the committed weights. Shapes networks train on every
 * (shape, colour) pair (`heldOutPairs: []`), so scenes with the pairs held out of generator training are
 * in-distribution for the evaluator.
 */

import { UsageError } from '@flopmatch/core';
import {
  DEFAULT_COLOURS,
  DEFAULT_SHAPES,
  DIGIT_NAMES,
  FASHION_NAMES,
  GRID_SIZE,
  SIZE_NAMES,
} from '@flopmatch/data';
import type { EvalNetConfigInput, EvalNetTrainConfigInput } from './eval-net-config.js';

/** A network to train: its architecture (for a clip, without `vocabSize`, which the tokenizer fixes) and training. */
export interface EvalNetPreset {
  /** One line for `--help`. */
  summary: string;
  config:
    | EvalNetConfigInput
    | (Omit<EvalNetConfigInput, 'head'> & { head: { type: 'clip' } & Record<string, unknown> });
  train: EvalNetTrainConfigInput;
}

const SHAPES_DATA = { split: 'train', seed: 0, heldOutPairs: [] };
const SHAPES_HELD_OUT = { split: 'test', seed: 0, heldOutPairs: [] };
const shapesImage = { height: 32, width: 32, channels: 3 };
/** Shapes networks read the colour-independent object mask too (see `PatchConfigSchema.maxChannel`). */
const shapesPatch = { maxChannel: true };
const shapesHead = {
  type: 'shapes-cells' as const,
  shapes: [...DEFAULT_SHAPES],
  colours: [...DEFAULT_COLOURS],
  sizes: [...SIZE_NAMES],
  grid: GRID_SIZE,
};

/** The mini-CLIPs' image trunk: narrower after flattening (the text tower adds its own weights). */
const CLIP_TRUNK = { hidden: 128 };

const digitImage = { height: 32, width: 32, channels: 1 };
const idxData = (split: 'train' | 'test') => ({ split, resolution: 32, channels: 1 });

/** Batches and held-out evaluation shared by every network of a dataset family (after `steps` and `lr`). */
const SHAPES_TRAIN = {
  batchSize: 128,
  trainData: SHAPES_DATA,
  heldOutData: SHAPES_HELD_OUT,
  heldOutCount: 2000,
};
const IDX_TRAIN = {
  batchSize: 128,
  trainData: idxData('train'),
  heldOutData: idxData('test'),
  heldOutCount: 10_000,
};

/** Every evaluation network by name. */
export const EVAL_NET_PRESETS: Readonly<Record<string, EvalNetPreset>> = Object.freeze({
  'shapes-features': {
    summary: 'shapes: per-cell shape/colour/size heads, 128-d features for FD/KID/PR',
    config: {
      name: 'shapes-features',
      netVersion: 1,
      kind: 'features',
      dataset: 'shapes',
      image: shapesImage,
      patch: shapesPatch,
      head: shapesHead,
    },
    train: {
      steps: 4000,
      ...SHAPES_TRAIN,
    },
  },
  'shapes-clip': {
    summary: 'shapes: mini-CLIP (image and caption towers, symmetric InfoNCE) for the CLIP-like score',
    config: {
      name: 'shapes-clip',
      netVersion: 1,
      kind: 'clip',
      dataset: 'shapes',
      image: shapesImage,
      patch: shapesPatch,
      trunk: CLIP_TRUNK,
      head: { type: 'clip' },
    },
    train: {
      steps: 3000,
      lr: 1e-3,
      ...SHAPES_TRAIN,
    },
  },
  'mnist-features': {
    summary: 'MNIST: digit classifier, 128-d features for FD/KID/PR',
    config: {
      name: 'mnist-features',
      netVersion: 1,
      kind: 'features',
      dataset: 'mnist',
      image: digitImage,
      head: { type: 'classes', classes: [...DIGIT_NAMES] },
    },
    train: {
      steps: 2000,
      ...IDX_TRAIN,
    },
  },
  'mnist-clip': {
    summary: 'MNIST: mini-CLIP on "a handwritten digit <name>" captions',
    config: {
      name: 'mnist-clip',
      netVersion: 1,
      kind: 'clip',
      dataset: 'mnist',
      image: digitImage,
      trunk: CLIP_TRUNK,
      head: { type: 'clip' },
    },
    train: {
      steps: 1000,
      lr: 1e-3,
      ...IDX_TRAIN,
    },
  },
  'fashion-mnist-features': {
    summary:
      'Fashion-MNIST: clothing classifier, 128-d features (needs apt-get install dataset-fashion-mnist)',
    config: {
      name: 'fashion-mnist-features',
      netVersion: 1,
      kind: 'features',
      dataset: 'fashion-mnist',
      image: digitImage,
      head: { type: 'classes', classes: [...FASHION_NAMES] },
    },
    train: {
      steps: 4000,
      ...IDX_TRAIN,
    },
  },
  'fashion-mnist-clip': {
    summary: 'Fashion-MNIST: mini-CLIP on "a photo of <item>" captions (needs dataset-fashion-mnist)',
    config: {
      name: 'fashion-mnist-clip',
      netVersion: 1,
      kind: 'clip',
      dataset: 'fashion-mnist',
      image: digitImage,
      trunk: CLIP_TRUNK,
      head: { type: 'clip' },
    },
    train: {
      steps: 1000,
      lr: 1e-3,
      ...IDX_TRAIN,
    },
  },
});

/** The preset called `name`, or a `UsageError` listing the names. */
export function evalNetPreset(name: string): EvalNetPreset {
  const preset = Object.hasOwn(EVAL_NET_PRESETS, name) ? EVAL_NET_PRESETS[name] : undefined;
  if (!preset) {
    throw new UsageError(
      `no evaluation network '${name}'`,
      `use one of: ${Object.keys(EVAL_NET_PRESETS).join(', ')}`,
    );
  }
  return preset;
}
