/**
 * Speed of one training step of the masked-token objective with the demo-size backbone (`fm-xs`: L = 2, d = 64,
 * H = 4) on the wasm backend: batch 8, a 16-token prompt, an 8 × 8 grid of 512 codes (S = 80 positions, bidirectional). Baseline in the same process: the loss
 * forward alone; the train step adds the backward pass and the AdamW update.
 * Run: `npx vitest bench --run --project objective-masked` (from the repo root).
 */
import { Rng } from '@flopmatch/core';
import { initRuntime } from '@flopmatch/runtime';
import { trainBpe } from '@flopmatch/text';
import { SIZE_PRESETS } from '@flopmatch/transformer';
import { describeTrainStepBench } from '@flopmatch/transformer/testing';
import * as tf from '@tensorflow/tfjs-core';
import { MaskedObjective } from '../src/index.js';

await initRuntime({ backend: 'wasm' });
const captions = [
  'a red square at the top',
  'a blue circle in the centre',
  'two green triangles',
  'one small red circle',
];
const tokenizer = trainBpe(captions, { vocabSize: 270 });
const B = 8;
const objective = new MaskedObjective(
  {
    backbone: { ...SIZE_PRESETS['fm-xs'] },
    grid: { height: 8, width: 8 },
    codebookSize: 512,
    promptLength: 16,
    promptVocab: tokenizer.vocabSize,
  },
  { tokenizer, rng: new Rng(0) },
);
const cond = objective.condition(Array.from({ length: B }, (_, i) => captions[i % captions.length]!));
const batch = {
  kind: 'discrete' as const,
  ids: tf.randomUniform([B, 8, 8], 0, 512, 'int32') as tf.Tensor3D,
  cond,
};
describeTrainStepBench(`masked-token, fm-xs backbone, wasm, batch ${B}`, objective, batch);
