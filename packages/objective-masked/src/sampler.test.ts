// The objective's MaskedTokenModel driven by the real MaskGIT sampler of @flopmatch/samplers.
import { Rng, scaleFlops } from '@flopmatch/core';
import { initRuntime } from '@flopmatch/runtime';
import { MaskGitSampler } from '@flopmatch/samplers';
import { createFakeDiscreteCodec } from '@flopmatch/samplers/testing';
import { trainBpe } from '@flopmatch/text';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { MaskedObjective } from './masked-objective.js';

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

it('samples through @flopmatch/samplers, charged K × callFlops(2N)', async () => {
  const tokenizer = trainBpe(['a red square', 'a blue circle'], { vocabSize: 270 });
  const o = new MaskedObjective(
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
  const result = await new MaskGitSampler({ iterations: 3 }).sample({
    model,
    codec,
    prompts: ['a red square'],
    n: 2,
    seed: 1,
    cfgScale: 2,
  });
  const ids = result.latents.arraySync() as number[][][];
  for (const v of ids.flat(2)) expect(v >= 0 && v < 8).toBe(true); // every [MASK] was replaced by a code
  expect(result.cost.flops.backbone).toEqual(scaleFlops(model.callFlops(4), 3));
  tf.dispose([result.images, result.latents]);
  o.dispose();
});
