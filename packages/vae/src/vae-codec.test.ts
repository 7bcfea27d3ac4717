import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Autoencoder, parseAeRunConfig, parseConvAutoencoderConfig, saveCodec } from '@flopmatch/autoencoder';
import { Rng } from '@flopmatch/core';
import { ShapesDataset } from '@flopmatch/data';
import { checkGradients } from '@flopmatch/nn';
import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DiagonalGaussianBottleneck } from './diagonal-gaussian.js';
import { loadVaeCodec, vaeFamily } from './family.js';
import { fitScaleFactor } from './fit-scale-factor.js';
import { VaeCodec } from './vae-codec.js';

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

const TINY = parseConvAutoencoderConfig({
  image: { height: 16, width: 16 },
  downsampleFactor: 2,
  widths: [8, 8],
  normGroups: 4,
});
const data = new ShapesDataset({ resolution: 16, size: 32 });

function build(seed = 'vae'): Autoencoder<DiagonalGaussianBottleneck> {
  return new Autoencoder(TINY, new DiagonalGaussianBottleneck({ latentChannels: 3 }), { rng: new Rng(seed) });
}

describe('VaeCodec', () => {
  it('fits the scale factor so encoded latents have unit variance, and decoding undoes the scaling', () => {
    const model = build();
    const fit = fitScaleFactor(model, data, { count: 32, mode: 'mean', batchSize: 8 });
    const codec = new VaeCodec(model);
    expect(codec.scaleFactor).toBeCloseTo(fit.scaleFactor, 5);
    expect(fit.scaleFactor).toBeCloseTo(1 / fit.std, 5);
    const images = tf.tensor4d(
      Float32Array.from(Array.from({ length: 32 }, (_, i) => [...data.get(i).image]).flat()),
      [32, 16, 16, 3],
    );
    const z = codec.encode(images, 'mean');
    expect(z.shape).toEqual([32, 8, 8, 3]);
    const { mean, variance } = tf.moments(z);
    expect(Math.sqrt(variance.dataSync()[0]!)).toBeCloseTo(1, 4); // exactly the fitted statistics
    expect(mean.dataSync()[0]).toBeCloseTo(fit.mean * fit.scaleFactor, 4);
    const recon = codec.decode(z);
    const direct = tf.clipByValue(
      model.forward(images, { training: false, rng: new Rng(0) }).reconstruction,
      -1,
      1,
    );
    const diff = tf.max(tf.abs(tf.sub(recon, direct))).dataSync()[0]!;
    expect(diff).toBeLessThan(1e-4); // (z·s)/s = z up to float rounding
    expect(() => codec.decode(tf.zeros([1, 8, 8, 4]) as tf.Tensor4D)).toThrow(
      /latents must be \[N, 8, 8, 3\], got \[1,8,8,4\]/,
    );
    model.dispose();
  });

  it('samples from the posterior with its own seeded stream', () => {
    const model = build('sample');
    const x = tf.randomUniform([2, 16, 16, 3], -1, 1, 'float32', 1) as tf.Tensor4D;
    const a = new VaeCodec(model, '', new Rng('s')).encode(x, 'sample').dataSync();
    const b = new VaeCodec(model, '', new Rng('s')).encode(x, 'sample').dataSync();
    const m = new VaeCodec(model).encode(x, 'mean').dataSync();
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(m));
    model.dispose();
  });

  it('saves the scale factor with the weights and loads it back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vae-codec-'));
    const model = build('save');
    model.bottleneck.scaleFactor.assign(tf.tensor1d([0.25]));
    const { codec } = await saveCodec(dir, vaeFamily, model);
    const loaded = await loadVaeCodec(dir);
    expect(loaded.scaleFactor).toBe(0.25);
    expect(loaded.weightsSha256).toBe(codec.weightsSha256);
    expect(loaded.flops).toEqual(codec.flops);
    model.dispose();
    loaded.dispose();
  });

  it('lets gradients flow through the reparameterised sample into the encoder (finite differences)', () => {
    const model = build('grad');
    const x = tf.randomUniform([1, 16, 16, 3], -1, 1, 'float32', 2);
    const fixed = { tfSeed: () => 3 } as unknown as Rng;
    const report = checkGradients(
      (i) =>
        model.decoder.forward(
          model.bottleneck.sample(model.encoder.forward(i as tf.Tensor4D), 'sample', fixed),
        ),
      [x],
      { maxEntries: 24 },
    );
    expect(report.maxError).toBeLessThan(5e-2);
    model.dispose();
  });

  it('offers three capacities (4, 2 and 1 channels) over the same encoder/decoder and training recipe', () => {
    const configs = ['demo-vae', 'vae-2', 'vae-1'].map((p) => parseAeRunConfig(vaeFamily.presets[p]!, p));
    for (const c of configs) {
      expect(c.autoencoder).toEqual(configs[0]!.autoencoder);
      expect(c.train).toEqual(configs[0]!.train);
    }
    expect(configs.map((c) => c.bottleneck.latentChannels)).toEqual([4, 2, 1]);
  });
});
