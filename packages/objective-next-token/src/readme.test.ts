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
import { NextTokenObjective } from './index.js';

it('README example appears verbatim and does what it says', async () => {
  // README:example:start
  await initRuntime({ backend: 'wasm' });
  const tokenizer = trainBpe(['a red square', 'a blue circle'], { vocabSize: 270 });
  const objective = new NextTokenObjective(
    {
      backbone: { layers: 2, width: 64, heads: 4 },
      grid: { height: 4, width: 4 },
      codebookSize: 16,
      promptVocab: tokenizer.vocabSize,
    },
    { tokenizer, rng: new Rng(0) },
  );
  const ids = tf.randomUniform([2, 4, 4], 0, 16, 'int32') as tf.Tensor3D; // VQ ids from a codec
  const batch = {
    kind: 'discrete' as const,
    ids,
    cond: objective.condition(['a red square', 'a blue circle']),
  };
  const opt = new AdamW(objective.namedVariables(), { lr: 3e-4, noDecay: objective.noDecayNames() });
  const { value, grads } = valueAndGrads(() => objective.loss(batch, new Rng(1)), objective.namedVariables());
  opt.step(grads); // one step, priced by objective.trainingFlopsPerExample() per example
  const model = objective.model(); // start(cond) → next(state) → next(state, previous) …, stepFlops(n, p)
  // README:example:end
  const { block, readme } = await readmeExample(import.meta.url);
  expect(readme).toContain(block);
  const loss = value.dataSync()[0]!;
  expect(Number.isFinite(loss)).toBe(true);
  expect(grads.size).toBe(objective.namedVariables().size);
  expect(loss).toBeGreaterThan(Math.log(16) * 0.8); // ≈ log K at initialisation
  const state = model.start(batch.cond);
  expect(model.next(state).shape).toEqual([2, 16]);
  state.dispose();
  expect(opt.config.lr).toBe(3e-4);
  tf.dispose([value, ...grads.values()]);
  objective.dispose();
});
