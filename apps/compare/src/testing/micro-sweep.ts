/**
 * The `micro` sweep of the end-to-end tests: every unit kind of the real pipeline at the smallest sizes
 * that still exercise it — codecs and evaluation networks trained in the run for a few steps (no
 * committed weights needed), a one-block backbone, two milestones, N = 32 — about a minute on one core.
 */
import type { SweepInput } from '../sweep/sweep-schema.js';

/** Codec training: 6 steps of 4 images, a checkpoint every 2 (so a test can kill it mid-run). */
const MICRO_CODEC = {
  steps: 6,
  checkpointEvery: 2,
  reportImages: 8,
  train: { batchSize: 4, warmupSteps: 1, statsEvery: 3, statsImages: 8 },
};

const MICRO_SAMPLING = {
  flow: {
    default: { sampler: 'sampler:euler', options: { steps: 2 } },
    sweep: [{ sampler: 'sampler:euler', options: { steps: 1 } }],
  },
  masked: {
    default: { sampler: 'sampler:maskgit', options: { iterations: 2 } },
    sweep: [{ sampler: 'sampler:maskgit', options: { iterations: 1 } }],
  },
  'next-token': {
    default: { sampler: 'sampler:next-token', options: {} },
    sweep: [{ sampler: 'sampler:next-token', options: { topK: 4 } }],
  },
};

/** A sweep over the given objectives (default all three). */
export function microSweep(
  objectives: ('flow' | 'masked' | 'next-token')[] = ['flow', 'masked', 'next-token'],
): SweepInput {
  const codecs = [];
  if (objectives.includes('masked') || objectives.includes('next-token'))
    codecs.push({
      name: 'vq',
      id: 'codec:vq',
      preset: 'vq-64',
      options: MICRO_CODEC,
    });
  if (objectives.includes('flow'))
    codecs.push({
      name: 'vae',
      id: 'codec:vae',
      preset: 'vae-2',
      options: MICRO_CODEC,
    });
  return {
    name: 'micro',
    timeBudgetSeconds: 600,
    backend: 'wasm',
    dataset: {
      id: 'dataset:shapes',
      options: { resolution: 32 },
      trainingSetSize: 32,
      promptLength: 8,
      promptVocab: 300,
    },
    autoencoders: { codecs },
    objectives: objectives.map((name) => ({ name })),
    sizes: [{ name: 'd16', layers: 1, width: 16, heads: 2 }],
    training: {
      batchSize: 4,
      budgets: { min: 5e7, max: 1.5e8, count: 2 },
      lrCandidates: [1e-3],
      cooldownFraction: 0.25,
      checkpointEverySteps: 2,
      seeds: [0],
    },
    sampling: Object.fromEntries(objectives.map((name) => [name, MICRO_SAMPLING[name]])),
    // N = 32: below about a quarter of the 128-d features, FD's eigen-solver does not converge on
    // near-identical sets (see the report); 32 keeps it stable.
    evaluation: {
      n: 32,
      batchSize: 32,
      throughputBatch: 4,
      latencyRepeats: 1,
      gridSize: 4,
      networks: { preset: 'features-only', options: { train: { steps: 4, batchSize: 8, heldOutCount: 32 } } },
    },
  };
}
