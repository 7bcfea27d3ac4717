import { ConfigError } from '@flopmatch/core';
import { initRuntime } from '@flopmatch/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { SamplerError } from './errors.js';
import { checkOutputShape, resolveRequest } from './sample-request.js';
import { createFakeContinuousCodec, createFakeDiscreteCodec } from './testing/fake-codecs.js';
import { createGaussianFlowModel } from './testing/gaussian-flow-model.js';
import { createTrigramNextTokenModel } from './testing/trigram-next-token-model.js';

const flow = { id: 'sampler:euler', modelKind: 'flow' } as const;
const ar = { id: 'sampler:next-token', modelKind: 'next-token' } as const;

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
});

describe('resolveRequest', () => {
  const model = createGaussianFlowModel();
  const codec = createFakeContinuousCodec({ latentShape: model.latentShape });

  it('cycles prompts to n and defaults the guidance scale to 1', () => {
    const r = resolveRequest(flow, { model, codec, prompts: ['a', 'b'], n: 5, seed: 3 });
    expect(r.prompts).toEqual(['a', 'b', 'a', 'b', 'a']);
    expect(r.cfgScale).toBe(1);
    expect(r.seed).toBe(3);
  });

  it('names bad scalar fields with their values', () => {
    expect(() => resolveRequest(flow, { model, codec, prompts: ['a'], n: -2, seed: 0 })).toThrow(ConfigError);
    expect(() =>
      resolveRequest(flow, { model, codec, prompts: ['a'], n: 1, seed: 0, cfgScale: Number.NaN }),
    ).toThrow(/invalid sampler:euler request[\s\S]*cfgScale/);
    expect(() => resolveRequest(flow, { model, codec, prompts: ['a'], n: 1 } as never)).toThrow(
      /seed is missing/,
    );
  });

  it('refuses a codec of the wrong kind, grid or codebook', () => {
    const discrete = createFakeDiscreteCodec({ latentShape: model.latentShape, codebookSize: 6 });
    expect(() => resolveRequest(flow, { model, codec: discrete, prompts: ['a'], n: 1, seed: 0 })).toThrow(
      /codec 'codec:fake-discrete' is discrete but a 'flow' model generates continuous latents/,
    );
    const tokens = createTrigramNextTokenModel();
    const wrongBook = createFakeDiscreteCodec({ latentShape: tokens.latentShape, codebookSize: 5 });
    expect(() =>
      resolveRequest(ar, { model: tokens, codec: wrongBook, prompts: ['a'], n: 1, seed: 0 }),
    ).toThrow(SamplerError);
    expect(() =>
      resolveRequest(ar, { model: tokens, codec: wrongBook, prompts: ['a'], n: 1, seed: 0 }),
    ).toThrow(/codebookSize 6 differs from codec 'codec:fake-discrete' codebookSize 5/);
  });
});

describe('checkOutputShape', () => {
  it('passes matching shapes and names the call otherwise', () => {
    expect(() => checkOutputShape('sampler:maskgit', 'model.logits', [2, 4, 8], [2, 4, 8])).not.toThrow();
    expect(() => checkOutputShape('sampler:maskgit', 'model.logits', [2, 4], [2, 4, 8])).toThrow(
      /sampler:maskgit: model.logits returned shape \[2, 4\], expected \[2, 4, 8\]/,
    );
  });
});
