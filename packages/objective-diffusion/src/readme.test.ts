/**
 * The README's example runs here: the block between the `README:example` markers must appear verbatim in
 * README.md (up to indentation), and its claims are checked.
 */
import { Rng } from '@flopmatch/core';
import { AdamW, valueAndGrads } from '@flopmatch/nn';
import { initRuntime } from '@flopmatch/runtime';
import { trainBpe } from '@flopmatch/text';
import { readmeExample } from '@flopmatch/transformer/testing';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { FlowObjective } from './index.js';

it('README example appears verbatim and does what it says', async () => {
  // README:example:start
  await initRuntime({ backend: 'wasm' });
  const tokenizer = trainBpe(['a red square', 'a blue circle'], { vocabSize: 270 });
  const objective = new FlowObjective(
    {
      backbone: { layers: 2, width: 64, heads: 4 },
      latent: { height: 4, width: 4, channels: 4 },
      promptVocab: tokenizer.vocabSize,
    },
    { tokenizer, rng: new Rng(0) },
  );
  const latents = tf.randomNormal([2, 4, 4, 4]) as tf.Tensor4D; // scaled VAE latents from a codec
  const batch = {
    kind: 'continuous' as const,
    latents,
    cond: objective.condition(['a red square', 'a blue circle']),
  };
  const opt = new AdamW(objective.namedVariables(), { lr: 3e-4, noDecay: objective.noDecayNames() });
  const { value, grads } = valueAndGrads(() => objective.loss(batch, new Rng(1)), objective.namedVariables());
  opt.step(grads); // one step, priced by objective.trainingFlopsPerExample() per example
  const model = objective.model(); // velocity(xt, t, cond) → [2, 4, 4, 4], callFlops(n)
  // README:example:end
  const { block, readme } = await readmeExample(import.meta.url);
  expect(readme).toContain(block);
  const loss = value.dataSync()[0]!;
  expect(Number.isFinite(loss)).toBe(true);
  expect(grads.size).toBe(objective.namedVariables().size);
  expect(loss).toBeGreaterThan(1); // E‖ε − x₀‖² ≈ 2 with v = 0 at initialisation
  expect(model.velocity(latents, tf.tensor1d([0.5, 0.5]), batch.cond).shape).toEqual([2, 4, 4, 4]);
  expect(opt.config.lr).toBe(3e-4);
  tf.dispose([value, ...grads.values()]);
  objective.dispose();
});
