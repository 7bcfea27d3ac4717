// The committed demo codecs (codecs/<preset>/): weights verified against their manifests' sha256, trained by
// the presets of this package, and reconstructing held-out `shapes` images at the PSNR their manifests record.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { datasetImages, psnrUint8, readCodecManifest } from '@flopmatch/autoencoder';
import { ShapesDataset } from '@flopmatch/data';
import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DISCRETE_FAMILIES, loadVqCodec } from './families.js';

const ROOT = join(import.meta.dirname, '..', 'codecs');
// Every preset of every family that has a committed codec, so a new preset's codec is checked as soon as
// it is copied in.
const PRESETS = DISCRETE_FAMILIES.flatMap((f) => Object.keys(f.presets));
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
  it('include the default VQ codec and the codec ladder (512, 64 and 8 codes)', () => {
    expect(COMMITTED).toEqual(expect.arrayContaining(['demo-vq', 'vq-64', 'vq-8']));
  });

  it('hold only directories named after a preset of this package', () => {
    const dirs = readdirSync(ROOT, { withFileTypes: true }).filter((d) => d.isDirectory());
    for (const d of dirs) expect(PRESETS).toContain(d.name);
  });

  it('vq-8 reconstructs clearly worse than demo-vq (≥ 2 dB PSNR), so finding 5 can rank them', async () => {
    expect(await recordedPsnr('demo-vq')).toBeGreaterThanOrEqual((await recordedPsnr('vq-8')) + 2);
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
