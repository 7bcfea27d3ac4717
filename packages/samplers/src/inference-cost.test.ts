import { describe, expect, it } from 'vitest';
import { assembleCost } from './inference-cost.js';
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
