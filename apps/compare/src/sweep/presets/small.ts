/**
 * `small`: the scale where claims are judged. Three seeds, two codec capacities per latent kind, three
 * backbone sizes and five budgets; at most 2 hours on 2 CPU cores (or about 10 minutes on one GPU).
 */
import type { SweepInput } from '../sweep-schema.js';

/** The small sweep. */
export const SMALL_PRESET: SweepInput = {
  name: 'small',
  description:
    'Where claims are judged: 3 seeds, 2 codec capacities per latent kind, 3 backbone sizes, 5 log-spaced budgets.',
  timeBudgetSeconds: 2 * 60 * 60,
  backend: 'auto',
  dataset: {
    id: 'dataset:shapes',
    options: { resolution: 32 },
    trainingSetSize: 16_384,
    promptLength: 16,
    promptVocab: 512,
  },
  autoencoders: {
    codecs: [
      { name: 'vq', id: 'codec:vq', preset: 'demo-vq' },
      { name: 'vq-64', id: 'codec:vq', preset: 'vq-64' },
      { name: 'vae', id: 'codec:vae', preset: 'demo-vae' },
      { name: 'vae-2', id: 'codec:vae', preset: 'vae-2' },
    ],
    minCapacitiesPerKind: 2,
  },
  objectives: [{ name: 'flow' }, { name: 'masked' }, { name: 'next-token' }],
  sizes: ['fm-xs', 'fm-s', 'fm-m'],
  training: {
    batchSize: 64,
    budgets: { min: 5e10, max: 8e11, count: 5 },
    lrCandidates: [3e-4, 1e-3, 3e-3],
    lrPickFlops: 5e10,
    warmupSteps: 20,
    seeds: [0, 1, 2],
  },
  sampling: {
    flow: {
      default: { sampler: 'sampler:euler', options: { steps: 16 } },
      cfgScale: 2,
      sweep: [2, 4, 8, 16, 32].map((steps) => ({ sampler: 'sampler:euler', options: { steps } })),
      cfgSweep: [1, 1.5, 3, 4],
    },
    masked: {
      default: { sampler: 'sampler:maskgit', options: { iterations: 8 } },
      cfgScale: 2,
      sweep: [4, 8, 12, 16].map((iterations) => ({ sampler: 'sampler:maskgit', options: { iterations } })),
      cfgSweep: [1, 1.5, 3, 4],
    },
    'next-token': {
      default: { sampler: 'sampler:next-token', options: { temperature: 1 } },
      cfgScale: 2,
      sweep: [
        { sampler: 'sampler:next-token', options: { temperature: 0.7 } },
        { sampler: 'sampler:next-token', options: { temperature: 0.9 } },
        { sampler: 'sampler:next-token', options: { temperature: 1, topK: 16 } },
        { sampler: 'sampler:next-token', options: { temperature: 1, topK: 64 } },
      ],
      cfgSweep: [1, 1.5, 3, 4],
    },
  },
  evaluation: {
    n: 1000,
    inferenceN: 500,
    batchSize: 100,
    throughputBatch: 100,
    latencyRepeats: 5,
    gridSize: 16,
  },
};
