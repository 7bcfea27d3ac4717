/**
 * `small`: the scale where claims are judged. Three seeds, two codec capacities per latent kind, two
 * backbone sizes and three log-spaced budgets (36 training runs, 216 evaluations at N = 100); the inference
 * sweep on every seed's last milestones, so finding 2 gets an interval over seeds. Sized to at most 2 hours on 2 CPU cores by its dry-run estimate.
 */
import type { SweepInput } from '../sweep-schema.js';
import { TWO_CAPACITY_CODECS } from './codec-ladder.js';

/** The small sweep. */
export const SMALL_PRESET: SweepInput = {
  name: 'small',
  description:
    'Where claims are judged: 3 seeds, 2 codec capacities per latent kind, 2 backbone sizes, 3 log-spaced budgets.',
  timeBudgetSeconds: 2 * 60 * 60,
  backend: 'wasm',
  dataset: {
    id: 'dataset:shapes',
    options: { resolution: 32 },
    trainingSetSize: 8192,
    promptLength: 16,
    promptVocab: 512,
  },
  autoencoders: {
    codecs: TWO_CAPACITY_CODECS,
    minCapacitiesPerKind: 2,
  },
  objectives: [{ name: 'flow' }, { name: 'masked' }, { name: 'next-token' }],
  sizes: ['fm-xs', 'fm-s'],
  training: {
    batchSize: 32,
    budgets: { min: 7.5e10, max: 3e11, count: 3 },
    lrCandidates: [5e-4, 1e-3, 2e-3],
    lrPickFlops: 5e10,
    warmupSteps: 5,
    seeds: [0, 1, 2],
  },
  sampling: {
    flow: {
      default: { sampler: 'sampler:euler', options: { steps: 8 } },
      cfgScale: 2,
      sweep: [2, 4, 16].map((steps) => ({ sampler: 'sampler:euler', options: { steps } })),
      cfgSweep: [1, 3],
    },
    masked: {
      default: { sampler: 'sampler:maskgit', options: { iterations: 8 } },
      cfgScale: 2,
      sweep: [4, 16].map((iterations) => ({ sampler: 'sampler:maskgit', options: { iterations } })),
      cfgSweep: [1, 3],
    },
    'next-token': {
      default: { sampler: 'sampler:next-token', options: { temperature: 1 } },
      cfgScale: 2,
      sweep: [
        { sampler: 'sampler:next-token', options: { temperature: 0.7 } },
        { sampler: 'sampler:next-token', options: { temperature: 1, topK: 64 } },
      ],
      cfgSweep: [1, 3],
    },
  },
  evaluation: {
    n: 100,
    inferenceN: 100,
    batchSize: 100,
    throughputBatch: 100,
    latencyRepeats: 3,
    gridSize: 16,
    // Every seed's runs get the inference sweep: finding 2 (cost at equal quality) needs an interval over seeds.
    inferenceSeeds: 'all',
  },
};
