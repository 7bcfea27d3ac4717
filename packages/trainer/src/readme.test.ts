/**
 * The README example runs here: the block between the `README:example` markers must appear verbatim in
 * README.md (up to indentation and the temporary folder), and it runs with its claims checked. Its
 * components are this package's test doubles (a tiny flow-matching MLP, toy latents, a byte tokenizer).
 */
import { join } from 'node:path';
import { readmeExample, useTempDir } from '@flopmatch/core/testing';
import { initRuntime } from '@flopmatch/runtime';
import { expect, it } from 'vitest';
import { CharTokenizer } from '../test/char-tokenizer.js';
import { TinyFlowObjective } from '../test/tiny-flow-objective.js';
import { ToyLatents } from '../test/toy-latents.js';
import { loadMilestone, logSpaced, sweepLearningRate, trainGenerator } from './index.js';

const tmp = useTempDir('fm-trainer-readme-');

it('README example: appears verbatim and does what it says', async () => {
  const dir = tmp();
  const tokenizer = new CharTokenizer();
  const latents = new ToyLatents({ size: 64 });
  const buildObjective = () =>
    new TinyFlowObjective(tokenizer, { latentShape: latents.latentShape, promptLength: 8 });
  // README:example:start
  await initRuntime({ backend: 'wasm' });
  // buildObjective(): a fresh Objective (flow, masked or next-token); latents: a LatentDataset; tokenizer: a PromptTokenizer
  const common = { data: latents, tokenizer, batchSize: 16, promptLength: 8 };
  const sweep = await sweepLearningRate({
    ...common,
    rates: logSpaced(1e-3, 1e-1, 3),
    objective: buildObjective,
    budgetFlops: 1e6, // a short budget at the smallest size
    dir: join(dir, 'runs/lr'),
  });
  const run = await trainGenerator({
    ...common,
    objective: buildObjective(),
    budgetFlops: 4e6, // model FLOPs from the ledger: trainingFlopsPerExample() × batchSize per step
    optimizer: { lr: sweep.best! },
    schedule: { kind: 'wsd', warmupSteps: 5 }, // cooldown: the last 20% of each milestone's steps
    milestones: [0.25, 0.5, 1], // one model per budget from one run
    emas: [0.05, 0.1, 0.2], // half-lives as fractions of each milestone's steps
    dir: join(dir, 'runs/flow'),
  });
  for (const m of run.milestones) console.log(m.id, m.charged.model, m.finalLoss); // charged ⌈Bᵢ/F⌉·F
  const { raw, emas } = await loadMilestone(join(dir, 'runs/flow'), 'milestone-0.25'); // emas['ema-0.1'] …
  // README:example:end
  const { block, readme } = await readmeExample(import.meta.url, { dirVariable: 'dir' });
  expect(readme).toContain(block);
  expect(sweep.runs.length).toBe(3);
  expect(sweep.flops.model).toBe(sweep.runs.reduce((a, r) => a + r.flops.model, 0));
  const F = buildObjective().trainingFlopsPerExample().model * 16;
  for (const m of run.milestones) {
    expect(m.charged.model).toBe(Math.ceil((m.fraction * 4e6) / F) * F);
  }
  expect(run.milestones.at(-1)!.finalLoss).toBeLessThan(run.milestones[0]!.finalLoss);
  expect(Object.keys(emas)).toEqual(['ema-0.05', 'ema-0.1', 'ema-0.2']);
  expect(Object.keys(raw)).toContain('fc1.weight');
});
