import { Rng, type StepContext } from '@flopmatch/core';
import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CharTokenizer } from '../test/char-tokenizer.js';
import { MeanObjective } from '../test/mean-objective.js';
import { TinyFlowObjective } from '../test/tiny-flow-objective.js';
import { ToyLatents } from '../test/toy-latents.js';
import { GeneratorTask } from './generator-task.js';
import { LatentBatcher } from './latent-batcher.js';
import { parseTrainerConfig, resolveEmas } from './trainer-config.js';

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
});

const tokenizer = new CharTokenizer();
const shape = { height: 2, width: 2, channels: 2 };
const ctx = (step: number): StepContext => ({
  step,
  rng: new Rng('task'),
  spent: { model: 0, executed: 0 },
  budget: { steps: 100 },
  signal: new AbortController().signal,
});

function setup(overrides: Record<string, unknown> = {}, data = new ToyLatents({ size: 16, offset: 2 })) {
  const config = parseTrainerConfig({
    budgetFlops: 1e6,
    batchSize: 4,
    promptLength: 8,
    seed: 7,
    optimizer: { lr: 0.1, beta1: 0.9, beta2: 0.99, maxGradNorm: 1e-3 },
    emas: [0.5],
    ...overrides,
  });
  const objective = new MeanObjective(shape);
  const task = new GeneratorTask({ objective, data, tokenizer, config, emas: resolveEmas(config) });
  const lrs = [0.1, 0.05];
  task.setPhase({ id: 'main', lrAt: (s) => lrs[s]!, emaRunSteps: 10 });
  return { task, objective, config, data };
}

describe('GeneratorTask', () => {
  it('takes the steps a float64 reference takes: batch order, loss, clipped gradient, AdamW, EMA', () => {
    const { task, objective, data } = setup();
    // Reference: the same batches (same seed), loss mean((w − x)²), gradient 2(w − x̄)/D per coordinate.
    const order = new LatentBatcher(data, tokenizer, {
      batchSize: 4,
      promptLength: 8,
      rng: new Rng(7).split('data'),
    });
    const D = 8;
    const w = new Array(D).fill(0);
    const m = new Array(D).fill(0);
    const v = new Array(D).fill(0);
    let ema = new Array(D).fill(0);
    for (let step = 0; step < 2; step++) {
      const xs = order.nextIndices().map((i) => Array.from(data.get(i).latent));
      const loss = xs.reduce((a, x) => a + x.reduce((b, xj, j) => b + (w[j] - xj) ** 2, 0), 0) / (4 * D);
      let g = w.map((wj, j) => (2 / (4 * D)) * xs.reduce((a, x) => a + (wj - x[j]!), 0));
      const norm = Math.sqrt(g.reduce((a, x) => a + x * x, 0));
      g = g.map((x) => (x * 1e-3) / (norm + 1e-6)); // clipped to 1e-3 (norm ≈ 1)
      const lr = [0.1, 0.05][step]!;
      const t = step + 1;
      for (let j = 0; j < D; j++) {
        m[j] = 0.9 * m[j] + 0.1 * g[j]!;
        v[j] = 0.99 * v[j] + 0.01 * g[j]! ** 2;
        w[j] -= (lr * (m[j] / (1 - 0.9 ** t))) / (Math.sqrt(v[j] / (1 - 0.99 ** t)) + 1e-8);
      }
      const beta = 0.5 ** (1 / (0.5 * t)); // elapsed half-life 0.5·t
      ema = ema.map((e, j) => beta * e + (1 - beta) * w[j]);

      const result = task.step(ctx(step));
      expect(result.loss).toBeCloseTo(loss, 5);
      expect(result.metrics!.gradNorm).toBeCloseTo(norm, 5);
      expect(result.lr).toBe(lr);
      expect(result.flops).toEqual({ model: 4 * 6 * D, executed: 4 * 6 * D }); // ledger: 3 × 2D per example
      Array.from(objective.w.dataSync()).forEach((x, j) => {
        expect(x).toBeCloseTo(w[j]!, 5);
      });
      Array.from(task.emas.shadows('ema-0.5').get('w')!.dataSync()).forEach((x, j) => {
        expect(x).toBeCloseTo(ema[j]!, 5);
      });
    }
    expect(task.optimizer.stepCount).toBe(2);
    expect(task.dataPosition()).toEqual({ epoch: 0, index: 8 });
  });

  it('skips the update when the loss is not finite, and reports it for the loop to stop on', () => {
    const data = new ToyLatents({ size: 4, poisonIndex: 2 });
    const { task, objective } = setup({}, data);
    const result = task.step(ctx(0)); // batch of 4 = the whole dataset, poisoned example included
    expect(result.loss).toBeNaN();
    expect(Array.from(objective.w.dataSync())).toEqual(new Array(8).fill(0));
    expect(task.optimizer.stepCount).toBe(0);
    expect(Array.from(task.emas.shadows('ema-0.5').get('w')!.dataSync())).toEqual(new Array(8).fill(0));
  });

  it('restores a saved state so the next step is bitwise the one an uninterrupted task takes', () => {
    const data = new ToyLatents({ size: 10 });
    const make = () => {
      const config = parseTrainerConfig({
        budgetFlops: 1e6,
        batchSize: 3,
        promptLength: 8,
        optimizer: { lr: 0.01, weightDecay: 0.1 },
        emas: [0.1, { halfLife: 0.2, relativeTo: 'run' }],
      });
      const objective = new TinyFlowObjective(tokenizer, { latentShape: data.latentShape, promptLength: 8 });
      const task = new GeneratorTask({ objective, data, tokenizer, config, emas: resolveEmas(config) });
      task.setPhase({ id: 'main', lrAt: () => 0.01, emaRunSteps: 10 });
      return { task, objective };
    };
    const a = make();
    for (let s = 0; s < 4; s++) a.task.step(ctx(s));
    const saved = JSON.parse(JSON.stringify({ json: a.task.state().json, data: a.task.state().data }));
    const tensors = a.task.state().tensors;
    expect(Object.keys(tensors).sort()).toEqual(['ema-0.1', 'ema-run-0.2', 'model', 'optimizer']);
    expect(saved.json).toEqual({ phase: 'main', optimizerSteps: 4 });
    const b = make();
    b.task.restore({ tensors, json: saved.json, data: saved.data });
    const before = tf.memory().numTensors;
    const ra = a.task.step(ctx(4));
    expect(tf.memory().numTensors).toBe(before); // a step leaks no tensor
    const rb = b.task.step(ctx(4));
    expect(rb.loss).toBe(ra.loss);
    for (const [name, va] of a.objective.namedVariables())
      expect(Array.from(b.objective.namedVariables().get(name)!.dataSync())).toEqual(
        Array.from(va.dataSync()),
      );
    expect(b.task.state().tensors).toEqual(a.task.state().tensors);
  });

  it('refuses a dataset of the wrong latent kind, naming both', () => {
    const config = parseTrainerConfig({
      budgetFlops: 1e6,
      batchSize: 2,
      promptLength: 4,
      optimizer: { lr: 0.1 },
    });
    const data = new ToyLatents({ size: 4, kind: 'discrete' });
    expect(
      () => new GeneratorTask({ objective: new MeanObjective(shape), data, tokenizer, config, emas: [] }),
    ).toThrow(
      /objective 'objective:mean' trains on continuous latents but the dataset holds discrete ones[\s\S]*codec:vae/,
    );
  });
});
