// The committed demo codecs (codecs/<preset>/): weights verified against their manifests' sha256, trained by
// the presets of this package, and reconstructing held-out `shapes` images at the PSNR their manifests record.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { datasetImages, psnrUint8, readCodecManifest } from '@flopmatch/autoencoder';
import { ShapesDataset } from '@flopmatch/data';
import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DISCRETE_FAMILIES, loadVqCodec } from './families.js';

const ROOT = join(import.meta.dirname, '..', 'codecs');
const COMMITTED = ['demo-vq', 'vq-64', 'demo-lfq', 'demo-fsq'].filter((p) => existsSync(join(ROOT, p)));

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

describe('committed demo codecs', () => {
  it('include the default VQ codec', () => {
    expect(COMMITTED).toContain('demo-vq');
  });

  for (const preset of COMMITTED) {
    it(`${preset}: loads with verified weights, matches its preset, and reconstructs at its recorded PSNR`, async () => {
      const dir = join(ROOT, preset);
      const manifest = await readCodecManifest(dir);
      const family = DISCRETE_FAMILIES.find((f) => f.name === manifest.family)!;
      const training = manifest.training as { config: { bottleneck: unknown; autoencoder: unknown } };
      expect(training.config.bottleneck).toEqual(family.presets[preset]!.bottleneck);
      const report = manifest.report as { psnr: { value: number }; codebook: { usage: number } };
      expect(report.psnr.value).toBeGreaterThanOrEqual(preset === 'demo-vq' ? 24 : 20);
      const codec = await loadVqCodec(dir);
      const { images } = datasetImages(new ShapesDataset({ split: 'test' }), 0, 32);
      const recon = codec.decode(codec.encode(images));
      const psnr = psnrUint8(images.dataSync(), recon.dataSync(), 32 * 32 * 3);
      const mean = psnr.reduce((a, v) => a + v, 0) / psnr.length;
      expect(Math.abs(mean - report.psnr.value)).toBeLessThan(2); // 32 of the 1000 images the report scored
      tf.dispose([images, recon]);
      codec.dispose();
    });
  }
});
