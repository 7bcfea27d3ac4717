// The committed demo codecs (codecs/<preset>/): weights (with the fitted scale factor) verified against their
// manifests' sha256, trained by this package's presets, and reconstructing held-out `shapes` images at the
// PSNR their manifests record, from latents of about unit variance.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { datasetImages, psnrUint8, readCodecManifest } from '@flopmatch/autoencoder';
import { ShapesDataset } from '@flopmatch/data';
import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadVaeCodec, vaeFamily } from './family.js';

const ROOT = join(import.meta.dirname, '..', 'codecs');
// Every preset that has a committed codec, so a new preset's codec is checked as soon as it is copied in.
const PRESETS = Object.keys(vaeFamily.presets);
const COMMITTED = PRESETS.filter((p) => existsSync(join(ROOT, p)));

/** The reconstruction PSNR (dB) a committed codec's manifest records. */
async function recordedPsnr(preset: string): Promise<number> {
  const manifest = await readCodecManifest(join(ROOT, preset));
  return (manifest.report as { psnr: { value: number } }).psnr.value;
}

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

describe('committed demo codecs', () => {
  it('include the default KL-VAE codec and the codec ladder (4, 2 and 1 channels)', () => {
    expect(COMMITTED).toEqual(expect.arrayContaining(['demo-vae', 'vae-2', 'vae-1']));
  });

  it('hold only directories named after a preset of this package', () => {
    const dirs = readdirSync(ROOT, { withFileTypes: true }).filter((d) => d.isDirectory());
    for (const d of dirs) expect(PRESETS).toContain(d.name);
  });

  it('vae-1 reconstructs clearly worse than demo-vae (≥ 2 dB PSNR), so finding 5 can rank them', async () => {
    expect(await recordedPsnr('demo-vae')).toBeGreaterThanOrEqual((await recordedPsnr('vae-1')) + 2);
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
