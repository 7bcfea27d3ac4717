import { describe, expect, it } from 'vitest';
import { assembleCost, repeatedCallCost } from './inference-cost.js';
import { createFakeDiscreteCodec } from './testing/fake-codecs.js';

describe('assembleCost', () => {
  it('adds n decodes to the backbone and divides by n', () => {
    const codec = createFakeDiscreteCodec({
      latentShape: { height: 2, width: 2, channels: 1 },
      codebookSize: 4,
      decodePerImage: 50,
    });
    const cost = assembleCost({
      backbone: { model: 1000, executed: 1300 },
      codec,
      n: 4,
      nfe: 7,
      cfgPasses: 2,
      sequentialEvals: 7,
    });
    expect(cost).toEqual({
      flops: {
        backbone: { model: 1000, executed: 1300 },
        decoder: { model: 200, executed: 200 },
        total: { model: 1200, executed: 1500 },
        perImage: { model: 300, executed: 375 },
      },
      nfe: 7,
      cfgPasses: 2,
      sequentialEvals: 7,
      batch: 4,
    });
  });
});

describe('repeatedCallCost', () => {
  const codec = createFakeDiscreteCodec({
    latentShape: { height: 2, width: 2, channels: 1 },
    codebookSize: 4,
    decodePerImage: 10,
  });
  // a model whose call on r rows costs 100·r (model) and 110·r (executed)
  const model = { callFlops: (rows: number) => ({ model: 100 * rows, executed: 110 * rows }) };

  it('charges every evaluation one call on n · passes rows, all sequential', () => {
    const guided = repeatedCallCost({ model, codec, n: 3, cfgScale: 4 }, 5);
    expect(guided.flops.backbone).toEqual({ model: 5 * 100 * 6, executed: 5 * 110 * 6 });
    expect(guided.flops.total).toEqual({ model: 3000 + 30, executed: 3300 + 30 });
    expect([guided.nfe, guided.cfgPasses, guided.sequentialEvals, guided.batch]).toEqual([5, 2, 5, 3]);
  });

  it('runs one pass without guidance (scale 1)', () => {
    const plain = repeatedCallCost({ model, codec, n: 3, cfgScale: 1 }, 5);
    expect(plain.flops.backbone).toEqual({ model: 1500, executed: 1650 });
    expect(plain.cfgPasses).toBe(1);
  });
});
