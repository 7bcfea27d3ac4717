import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '@flopmatch/core';
import { createDataset } from '@flopmatch/data';
import { initRuntime } from '@flopmatch/runtime';
import { describe, expect, it } from 'vitest';
import { createFeatureSet } from './feature-set.js';
import { writeFeatureSet } from './io/feature-set-file.js';
import { gatherSamples } from './networks/network-inputs.js';
import { evaluateShapes } from './readme-eval-example.js';
import { evaluate } from './readme-example.js';

describe('README example', () => {
  it('is the code README.md shows', async () => {
    const readme = await readFile(join(import.meta.dirname, '..', 'README.md'), 'utf8');
    for (const [file, tag] of [
      ['readme-example.ts', 'readme'],
      ['readme-eval-example.ts', 'readme-eval'],
    ]) {
      const source = await readFile(join(import.meta.dirname, file!), 'utf8');
      const region = source.split(`// #region ${tag}\n`)[1]!.split('// #endregion')[0]!;
      expect(readme).toContain(region);
    }
  });

  it('evaluates generated shapes against the real-vs-real baseline at a stated N', async () => {
    await initRuntime({ backend: 'wasm' });
    const n = 100;
    const dataset = createDataset('shapes', { split: 'test', heldOutPairs: [] });
    // "Generated" images: real images 1000.. under Gaussian noise (σ = 0.5).
    const rng = new Rng(2);
    const { images } = gatherSamples(
      dataset,
      Array.from({ length: n }, (_, i) => 1000 + i),
    );
    const noisy = images.map((v) => Math.max(-1, Math.min(1, v + 0.5 * rng.normal())));
    const rows = await evaluateShapes({ data: noisy, n, shape: dataset.imageShape }, n);
    const fd = rows.find((r) => r.name === 'FD-shapes-features-v1')!;
    expect(fd.n).toBe(n);
    expect(fd.ceiling).toBeUndefined(); // no autoencoder given
    expect(fd.value).toBeGreaterThan(2 * fd.baseline); // measured ≈ 6800 vs ≈ 1700 at N = 100
    expect(rows.map((r) => r.name)).toContain('recall-shapes-features-v1');
  });

  it('runs: FD, KID, precision/recall with N, and an exact prompt check', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'flopmatch-readme-'));
    try {
      const rng = new Rng(0);
      for (const [name, shift] of [
        ['real', 0],
        ['fake', 0.5],
      ] as const) {
        const data = Float32Array.from({ length: 200 * 8 }, () => rng.normal() + shift);
        await writeFeatureSet(
          join(dir, `${name}.npy`),
          createFeatureSet({ data, n: 200, dim: 8, extractorHash: 'sha256:readme', extractor: 'toy-v1' }),
        );
      }
      const out = await evaluate(join(dir, 'real.npy'), join(dir, 'fake.npy'));
      expect(out.fd).toMatchObject({ name: 'FD-toy-v1', n: 200 });
      // Shift 0.5 in 8 dims: |Δμ|² ≈ 8·0.25 = 2 plus sampling noise.
      expect(out.fd.value).toBeGreaterThan(1.5);
      expect(out.fd.value).toBeLessThan(3);
      expect(out.kid.value).toBeGreaterThan(0);
      expect(out.precision.value).toBeGreaterThan(0);
      expect(out.recall.value).toBeLessThanOrEqual(1);
      expect(out.promptCorrect).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
