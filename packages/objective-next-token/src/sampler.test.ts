// The objective's NextTokenModel driven by the real sampler of @flopmatch/samplers: cached and uncached
// decoding agree token for token, and the cost charged is the ledger's prefill + Σ stepFlops.
import { addFlops, Rng } from '@flopmatch/core';
import { initRuntime } from '@flopmatch/runtime';
import { NextTokenSampler } from '@flopmatch/samplers';
import { createFakeDiscreteCodec } from '@flopmatch/samplers/testing';
import { trainBpe } from '@flopmatch/text';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { NextTokenObjective } from './next-token-objective.js';

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

it('samples through @flopmatch/samplers: cache = no cache, cost = prefill + Σ steps', async () => {
  const tokenizer = trainBpe(['a red square', 'a blue circle'], { vocabSize: 270 });
  const o = new NextTokenObjective(
    {
      backbone: { layers: 2, width: 32, heads: 2 },
      grid: { height: 2, width: 3 },
      codebookSize: 8,
      promptLength: 6,
      promptVocab: 270,
    },
    { tokenizer, rng: new Rng(0) },
  );
  const model = o.model();
  const codec = createFakeDiscreteCodec({
    latentShape: { height: 2, width: 3, channels: 1 },
    codebookSize: 8,
  });
  const request = { model, codec, prompts: ['a red square', 'a blue circle'], n: 2, seed: 5, cfgScale: 3 };
  const cached = await new NextTokenSampler({ temperature: 0 }).sample(request);
  const uncached = await new NextTokenSampler({ temperature: 0, useCache: false }).sample(request);
  expect(cached.latents.arraySync()).toEqual(uncached.latents.arraySync());
  let expected = model.prefillFlops(4); // 2 images × 2 guidance branches
  for (let p = 0; p < 6; p++) expected = addFlops(expected, model.stepFlops(4, p));
  expect(cached.cost.flops.backbone).toEqual(expected);
  expect(uncached.cost.flops.backbone.model).toBeGreaterThan(expected.model);
  tf.dispose([cached.images, cached.latents, uncached.images, uncached.latents]);
  o.dispose();
});
