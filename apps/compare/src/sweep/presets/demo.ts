/**
 * `demo`: the README's main job. Proves the whole pipeline and every plot with real numbers on 2 CPU cores
 * in at most 20 minutes: committed codecs and evaluation networks, the smallest backbone, one seed, three
 * log-spaced budgets. At this scale most findings read "inconclusive", which is the honest answer.
 */
import type { SweepInput } from '../sweep-schema.js';

/** The demo sweep. */
export const DEMO_PRESET: SweepInput = {
  name: 'demo',
  description:
    'Smallest end-to-end comparison: one backbone size, one seed, committed codecs and evaluation networks, 2 CPU cores.',
  timeBudgetSeconds: 20 * 60,
  backend: 'wasm',
  dataset: {
    id: 'dataset:shapes',
    options: { resolution: 32 },
    trainingSetSize: 4096,
    promptLength: 16,
    promptVocab: 512,
  },
  autoencoders: {
    codecs: [
      { name: 'vq', id: 'codec:vq', preset: 'demo-vq' },
      { name: 'vae', id: 'codec:vae', preset: 'demo-vae' },
    ],
    minCapacitiesPerKind: 1,
  },
  objectives: [{ name: 'flow' }, { name: 'masked' }, { name: 'next-token' }],
  sizes: ['fm-xs'],
  training: {
    batchSize: 32,
    budgets: { min: 5e10, max: 4e11, count: 3 },
    lrCandidates: [1e-3],
    warmupSteps: 10,
    seeds: [0],
  },
  sampling: {
    flow: {
      default: { sampler: 'sampler:euler', options: { steps: 16 } },
      cfgScale: 1,
      sweep: [2, 4, 8, 32].map((steps) => ({ sampler: 'sampler:euler', options: { steps } })),
      cfgSweep: [2],
    },
    masked: {
      default: { sampler: 'sampler:maskgit', options: { iterations: 8 } },
      cfgScale: 1,
      sweep: [4, 16].map((iterations) => ({ sampler: 'sampler:maskgit', options: { iterations } })),
      cfgSweep: [2],
    },
    'next-token': {
      default: { sampler: 'sampler:next-token', options: { temperature: 1 } },
      cfgScale: 1,
      sweep: [
        { sampler: 'sampler:next-token', options: { temperature: 0.7 } },
        { sampler: 'sampler:next-token', options: { temperature: 1, topK: 32 } },
      ],
      cfgSweep: [2],
    },
  },
  evaluation: {
    n: 256,
    inferenceN: 128,
    batchSize: 64,
    throughputBatch: 64,
    latencyRepeats: 3,
    gridSize: 16,
  },
};
