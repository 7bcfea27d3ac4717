/**
 * `paper`: the grid of Kilian, Jampani & Zettlemoyer (2024), "Computational Tradeoffs in Image Synthesis:
 * Diffusion, Masked-Token, and Next-Token Prediction" (arXiv:2405.13218, §3–4) in shape — three objectives
 * on one Transformer, every backbone size, several budgets spanning two orders of magnitude, autoencoders
 * of several capacities, flow steps, MaskGIT iterations, temperatures and CFG scales — scaled to a large
 * GPU. Run `flopmatch compare --preset paper --dry-run` for its units and FLOP totals: 1600 units,
 * 3.5e19 model FLOPs in all (training 3.2e19 in 90 runs to 3e17 each; evaluation 1.7e18 and the inference
 * sweep 1.5e18 at N = 10 000) — about a week on one large GPU at an effective 5e13 FLOP/s.
 */
import type { SweepInput } from '../sweep-schema.js';
import { TWO_CAPACITY_CODECS } from './codec-ladder.js';

/** The paper-shaped sweep. */
export const PAPER_PRESET: SweepInput = {
  name: 'paper',
  description:
    'The paper grid in shape: every size, 2 codec capacities per latent kind, budgets over two decades, 3 seeds; for a large GPU.',
  timeBudgetSeconds: 7 * 24 * 60 * 60,
  backend: 'auto',
  dataset: {
    id: 'dataset:shapes',
    options: { resolution: 64 },
    trainingSetSize: 1_000_000,
    promptLength: 32,
    promptVocab: 1024,
  },
  autoencoders: {
    codecs: TWO_CAPACITY_CODECS,
    minCapacitiesPerKind: 2,
  },
  objectives: [{ name: 'flow' }, { name: 'masked' }, { name: 'next-token' }],
  sizes: ['fm-xs', 'fm-s', 'fm-m', 'fm-l', 'fm-xl'],
  training: {
    batchSize: 256,
    budgets: { min: 3e15, max: 3e17, count: 7 },
    lrCandidates: [1e-4, 3e-4, 1e-3],
    lrPickFlops: 3e15,
    warmupSteps: 50,
    seeds: [0, 1, 2],
  },
  sampling: {
    flow: {
      default: { sampler: 'sampler:euler', options: { steps: 32 } },
      cfgScale: 3,
      sweep: [2, 4, 8, 16, 32, 64].map((steps) => ({ sampler: 'sampler:euler', options: { steps } })),
      cfgSweep: [1, 1.5, 2, 3, 5, 7],
    },
    masked: {
      default: { sampler: 'sampler:maskgit', options: { iterations: 12 } },
      cfgScale: 3,
      sweep: [4, 8, 12, 16, 24].map((iterations) => ({
        sampler: 'sampler:maskgit',
        options: { iterations },
      })),
      cfgSweep: [1, 1.5, 2, 3, 5, 7],
    },
    'next-token': {
      default: { sampler: 'sampler:next-token', options: { temperature: 1 } },
      cfgScale: 3,
      sweep: [0.6, 0.8, 0.9, 1.1].map((temperature) => ({
        sampler: 'sampler:next-token',
        options: { temperature },
      })),
      cfgSweep: [1, 1.5, 2, 3, 5, 7],
    },
  },
  evaluation: {
    n: 10_000,
    inferenceN: 5_000,
    batchSize: 250,
    throughputBatch: 250,
    latencyRepeats: 10,
    gridSize: 64,
    inferenceMilestones: 'all',
  },
};
