/**
 * Registries for tests of sweep checking and planning: the real datasets, samplers, metrics and sizes,
 * plus codec, objective and evaluation-network doubles whose prices are simple closed forms (so a test can
 * compute every expected FLOP count by hand). They cannot build or load anything.
 */
import { createRegistry, type GenerativeModel } from '@flopmatch/core';
import type {
  CodecComponent,
  ComponentRegistries,
  EvalNetComponent,
  ObjectiveComponent,
} from '../registries/components.js';
import { defaultRegistries } from '../registries/default-registries.js';

const cannot = (what: string) => () => {
  throw new Error(`test double: ${what} is not available in tests`);
};

/** A codec double: bits per position = log2(codebook) or channels; encode = 1e6, decode = 2e6 FLOPs per image. */
function codecDouble(id: string, latentKind: 'discrete' | 'continuous'): CodecComponent {
  return {
    id,
    latentKind,
    presets: () => ['tiny', 'tiny-large'],
    price: (preset, options) => {
      const large = preset.endsWith('large');
      const size = (options.codebookSize as number | undefined) ?? (large ? 256 : 16);
      const channels = large ? 8 : 4;
      return {
        latentKind,
        latentShape: { height: 4, width: 4, channels: latentKind === 'discrete' ? 1 : channels },
        bitsPerPosition: latentKind === 'discrete' ? Math.log2(size) : channels,
        ...(latentKind === 'discrete' ? { codebookSize: size } : {}),
        downsampleFactor: 4,
        params: 1000,
        encodePerImage: 1e6,
        decodePerImage: 2e6,
        trainFlops: 0,
        committed: true,
      };
    },
    obtain: cannot('obtain'),
    load: cannot('load'),
  };
}

/** An objective double: 1e5 training FLOPs per example (executed 1.5e5); sampling is priced by the real samplers. */
function objectiveDouble(name: 'flow' | 'masked' | 'next-token'): ObjectiveComponent {
  const modelKind = name === 'flow' ? 'flow' : name === 'masked' ? 'masked' : 'next-token';
  return {
    id: `objective:${name}`,
    latentKind: name === 'flow' ? 'continuous' : 'discrete',
    modelKind,
    price: (setup) => {
      const { height, width } = setup.latentShape;
      const view = {
        specVersion: 'v1',
        kind: modelKind,
        latentShape: setup.latentShape,
        codebookSize: setup.codebookSize ?? 0,
        maskId: setup.codebookSize ?? 0,
        condition: cannot('condition'),
        nullCondition: cannot('nullCondition'),
        velocity: cannot('velocity'),
        logits: cannot('logits'),
        start: cannot('start'),
        next: cannot('next'),
        callFlops: (n: number) => ({ model: 1e4 * n, executed: 1.2e4 * n }),
        prefillFlops: (n: number) => ({ model: 100 * n, executed: 100 * n }),
        stepFlops: (n: number, position: number) => ({
          model: (200 + position) * n,
          executed: (300 + position) * n,
        }),
      } as unknown as GenerativeModel;
      return {
        params: setup.size.width * setup.size.layers * height * width,
        trainingFlopsPerExample: { model: 1e5, executed: 1.5e5 },
        pricingModel: view,
      };
    },
    create: cannot('create'),
  };
}

const evalNet: EvalNetComponent = {
  id: 'evalnet:default',
  presets: () => ['default'],
  price: () => ({ featureFlopsPerImage: 5e5, clipFlopsPerImage: 1e5, trainFlops: 0, committed: true }),
  obtain: cannot('obtain'),
  load: cannot('load'),
};

/** The default registries with the doubles added. */
export function testRegistries(): ComponentRegistries {
  const base = defaultRegistries();
  return {
    ...base,
    codecs: createRegistry('codec', {
      vq: codecDouble('codec:vq', 'discrete'),
      vae: codecDouble('codec:vae', 'continuous'),
    }),
    objectives: createRegistry('objective', {
      flow: objectiveDouble('flow'),
      masked: objectiveDouble('masked'),
      'next-token': objectiveDouble('next-token'),
    }),
    evalNets: createRegistry('evalnet', { default: evalNet }),
  };
}

/** A tiny sweep over the doubles (valid against `testRegistries()`). */
export const TEST_SWEEP = {
  name: 'test',
  timeBudgetSeconds: 60,
  backend: 'cpu',
  dataset: {
    id: 'dataset:shapes',
    options: { resolution: 16 },
    trainingSetSize: 64,
    promptLength: 8,
    promptVocab: 300,
  },
  autoencoders: {
    codecs: [
      { name: 'vq', id: 'codec:vq', preset: 'tiny' },
      { name: 'vae', id: 'codec:vae', preset: 'tiny' },
    ],
  },
  objectives: [{ name: 'flow' }, { name: 'masked' }, { name: 'next-token' }],
  sizes: [{ name: 'd8', layers: 1, width: 8, heads: 2 }],
  training: {
    batchSize: 4,
    budgets: { min: 1e7, max: 4e7, count: 3 },
    lrCandidates: [1e-3, 3e-3],
    seeds: [0, 1],
  },
  sampling: {
    flow: {
      default: { sampler: 'sampler:euler', options: { steps: 4 } },
      sweep: [{ sampler: 'sampler:heun', options: { steps: 2 } }],
      cfgSweep: [2],
    },
    masked: { default: { sampler: 'sampler:maskgit', options: { iterations: 4 } } },
    'next-token': { default: { sampler: 'sampler:next-token', options: {} }, cfgScale: 2 },
  },
  evaluation: { n: 8, inferenceN: 4, batchSize: 4, throughputBatch: 4, latencyRepeats: 1 },
} as const;
