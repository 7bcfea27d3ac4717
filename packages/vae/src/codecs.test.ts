// The committed demo codecs (codecs/<preset>/): weights (with the fitted scale factor) verified against their
// manifests' sha256, trained by this package's presets, and reconstructing held-out `shapes` images at the
// PSNR their manifests record, from latents of about unit variance.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { datasetImages, psnrUint8, readCodecManifest } from '@flopmatch/autoencoder';
import { ShapesDataset } from '@flopmatch/data';
import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadVaeCodec, vaeFamily } from './family.js';

const ROOT = join(import.meta.dirname, '..', 'codecs');
const COMMITTED = ['demo-vae', 'vae-2'].filter((p) => existsSync(join(ROOT, p)));

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

describe('committed demo codecs', () => {
  it('include the default KL-VAE codec', () => {
    expect(COMMITTED).toContain('demo-vae');
  });

  for (const preset of COMMITTED) {
    it(`${preset}: loads with verified weights, matches its preset, and reconstructs at its recorded PSNR`, async () => {
      const dir = join(ROOT, preset);
      const manifest = await readCodecManifest(dir);
      const training = manifest.training as { config: { bottleneck: unknown } };
      expect(training.config.bottleneck).toEqual(vaeFamily.presets[preset]!.bottleneck);
      const report = manifest.report as { psnr: { value: number } };
      expect(report.psnr.value).toBeGreaterThanOrEqual(preset === 'demo-vae' ? 24 : 20);
      const codec = await loadVaeCodec(dir);
      const { images } = datasetImages(new ShapesDataset({ split: 'test' }), 0, 32);
      const z = codec.encode(images, 'mean');
      const { variance } = tf.moments(z);
      expect(Math.sqrt(variance.dataSync()[0]!)).toBeGreaterThan(0.7); // fitted on training images: ≈ 1
      expect(Math.sqrt(variance.dataSync()[0]!)).toBeLessThan(1.3);
      const recon = codec.decode(z);
      const psnr = psnrUint8(images.dataSync(), recon.dataSync(), 32 * 32 * 3);
      const mean = psnr.reduce((a, v) => a + v, 0) / psnr.length;
      expect(Math.abs(mean - report.psnr.value)).toBeLessThan(2);
      tf.dispose([images, z, recon]);
      codec.dispose();
    });
  }
});
