// The objective's FlowModel driven by the real Euler sampler of @flopmatch/samplers.
import { Rng, scaleFlops } from '@flopmatch/core';
import { initRuntime } from '@flopmatch/runtime';
import { EulerSampler } from '@flopmatch/samplers';
import { createFakeContinuousCodec } from '@flopmatch/samplers/testing';
import { trainBpe } from '@flopmatch/text';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { FlowObjective } from './flow-objective.js';

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

it('samples through @flopmatch/samplers, charged steps × callFlops(2N)', async () => {
  const tokenizer = trainBpe(['a red square', 'a blue circle'], { vocabSize: 270 });
  const o = new FlowObjective(
    {
      backbone: { layers: 2, width: 32, heads: 2 },
      latent: { height: 2, width: 4, channels: 4 },
      promptLength: 6,
      promptVocab: 270,
    },
    { tokenizer, rng: new Rng(0) },
  );
  const model = o.model();
  const codec = createFakeContinuousCodec({ latentShape: { height: 2, width: 4, channels: 4 } });
  const result = await new EulerSampler({ steps: 4 }).sample({
    model,
    codec,
    prompts: ['a red square'],
    n: 2,
    seed: 1,
    cfgScale: 2,
  });
  expect(result.latents.shape).toEqual([2, 2, 4, 4]);
  expect(result.cost.flops.backbone).toEqual(scaleFlops(model.callFlops(4), 4));
  tf.dispose([result.images, result.latents]);
  o.dispose();
});
