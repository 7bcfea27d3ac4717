/**
 * Speed of one training step of the flow-matching objective with the demo-size backbone (`fm-xs`: L = 2, d = 64,
 * H = 4) on the wasm backend: batch 8, a 16-token prompt, 8 × 8 × 4 latents with patch size 1 and the timestep token (S = 81 positions, bidirectional). Baseline in the same process: the loss
 * forward alone; the train step adds the backward pass and the AdamW update.
 * Run: `npx vitest bench --run --project objective-diffusion` (from the repo root).
 */
import { Rng } from '@flopmatch/core';
import { initRuntime } from '@flopmatch/runtime';
import { trainBpe } from '@flopmatch/text';
import { SIZE_PRESETS } from '@flopmatch/transformer';
import { describeTrainStepBench } from '@flopmatch/transformer/testing';
import * as tf from '@tensorflow/tfjs-core';
import { FlowObjective } from '../src/index.js';

await initRuntime({ backend: 'wasm' });
const captions = [
  'a red square at the top',
  'a blue circle in the centre',
  'two green triangles',
  'one small red circle',
];
const tokenizer = trainBpe(captions, { vocabSize: 270 });
const B = 8;
const objective = new FlowObjective(
  {
    backbone: { ...SIZE_PRESETS['fm-xs'] },
    latent: { height: 8, width: 8, channels: 4 },
    promptLength: 16,
    promptVocab: tokenizer.vocabSize,
  },
  { tokenizer, rng: new Rng(0) },
);
const cond = objective.condition(Array.from({ length: B }, (_, i) => captions[i % captions.length]!));
const batch = { kind: 'continuous' as const, latents: tf.randomNormal([B, 8, 8, 4]) as tf.Tensor4D, cond };
describeTrainStepBench(`flow-matching, fm-xs backbone, wasm, batch ${B}`, objective, batch);
