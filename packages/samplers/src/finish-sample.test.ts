import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { finishSample } from './finish-sample.js';
import { MemoryProbe } from './memory-probe.js';
import { createFakeDiscreteCodec } from './testing/fake-codecs.js';

const codec = createFakeDiscreteCodec({
  latentShape: { height: 1, width: 2, channels: 1 },
  codebookSize: 5,
  decodePerImage: 40,
});

describe('finishSample', () => {
  beforeAll(async () => {
    await initRuntime({ backend: 'cpu' });
  });

  it('decodes the latents, keeps them, and assembles the cost with wall time and peak memory', async () => {
    const started = performance.now();
    const probe = new MemoryProbe();
    const latents = tf.tensor3d([0, 4, 2, 1], [2, 1, 2], 'int32');
    const result = await finishSample({
      latents,
      prompts: ['a', 'b'],
      probe,
      started,
      backbone: { model: 100, executed: 120 },
      codec,
      n: 2,
      nfe: 3,
      cfgPasses: 2,
      sequentialEvals: 3,
    });
    expect(result.latents).toBe(latents);
    expect(result.prompts).toEqual(['a', 'b']);
    // id k decodes to 2k/(V − 1) − 1 with V = 5: 0 → −1, 4 → 1, 2 → 0, 1 → −0.5
    expect([...(await result.images.data())]).toEqual([-1, 1, 0, -0.5]);
    expect(result.images.shape).toEqual([2, 1, 2, 1]);
    expect(result.cost.flops.total).toEqual({ model: 100 + 2 * 40, executed: 120 + 2 * 40 });
    expect(result.cost.flops.perImage).toEqual({ model: 90, executed: 100 });
    expect([result.cost.nfe, result.cost.cfgPasses, result.cost.sequentialEvals]).toEqual([3, 2, 3]);
    expect(result.cost.wallMs).toBeGreaterThanOrEqual(0);
    expect(result.cost.peakBytes).toBeGreaterThanOrEqual(2 * 4 * 4); // the decoded float32 images are live
    tf.dispose([result.images, result.latents]);
  });

  it('disposes the latents and rethrows when decoding fails', async () => {
    const latents = tf.tensor3d([0, 1], [1, 1, 2], 'int32');
    const broken = {
      ...codec,
      decode: () => {
        throw new Error('decoder exploded');
      },
    };
    await expect(
      finishSample({
        latents,
        prompts: ['a'],
        probe: new MemoryProbe(),
        started: performance.now(),
        backbone: { model: 1, executed: 1 },
        codec: broken,
        n: 1,
        nfe: 1,
        cfgPasses: 1,
        sequentialEvals: 1,
      }),
    ).rejects.toThrow('decoder exploded');
    expect(latents.isDisposed).toBe(true);
  });
});
