/**
 * The networks committed under `assets/`: their recorded held-out accuracy, re-measured on a small
 * held-out sample; determinism; hash refusal; FD ordering with the trained features; mini-CLIP retrieval.
 */

import { join } from 'node:path';
import { Rng } from '@flopmatch/core';
import { createDataset } from '@flopmatch/data';
import { initRuntime } from '@flopmatch/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetConfigFor } from '../cli/eval-net-commands.js';
import { frechetDistance } from '../distribution/frechet-distance.js';
import { clipScoreReference } from '../evaluation/clip-reference.js';
import { parseEvalProtocol } from '../evaluation/eval-protocol.js';
import { extractDataset } from '../evaluation/extract-dataset.js';
import { evalNetAssetsDir } from './assets-dir.js';
import { loadClipNetwork, loadFeatureNetwork, readEvalNetManifest } from './eval-net-files.js';
import type { ClipNetwork, FeatureNetwork } from './eval-network.js';
import { heldOutAccuracy } from './held-out-accuracy.js';

let shapes: FeatureNetwork;
let mnist: FeatureNetwork;
let clip: ClipNetwork;
let mnistClip: ClipNetwork;
const shapesTest = createDataset('shapes', datasetConfigFor('shapes', { split: 'test' }));
const mnistTest = createDataset('mnist', datasetConfigFor('mnist', { split: 'test' }));

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
  [shapes, mnist, clip, mnistClip] = await Promise.all([
    loadFeatureNetwork('shapes-features-v1'),
    loadFeatureNetwork('mnist-features-v1'),
    loadClipNetwork('shapes-clip-v1'),
    loadClipNetwork('mnist-clip-v1'),
  ]);
});
afterAll(() => {
  for (const net of [shapes, mnist, clip, mnistClip]) net?.dispose();
});

describe('committed evaluation networks', () => {
  it('record held-out accuracy ≥ 98% (shapes attributes on clean renders, MNIST digits)', async () => {
    const s = await readEvalNetManifest(join(evalNetAssetsDir(), 'shapes-features-v1'));
    for (const key of ['shape', 'colour', 'size', 'position', 'count'])
      expect(s.heldOut.accuracy[key]).toBeGreaterThanOrEqual(0.98);
    expect(s.heldOut.n).toBeGreaterThanOrEqual(2000);
    const m = await readEvalNetManifest(join(evalNetAssetsDir(), 'mnist-features-v1'));
    expect(m.heldOut.accuracy.top1).toBeGreaterThanOrEqual(0.98);
    expect(m.heldOut.n).toBe(10_000);
  });

  it('re-measure ≥ 95% on 200 held-out samples (not the first 200 recorded ones)', () => {
    const s = heldOutAccuracy(shapes, shapesTest, 200, 5000);
    for (const key of ['shape', 'colour', 'size', 'position', 'count'])
      expect(s[key]).toBeGreaterThanOrEqual(0.95);
    expect(heldOutAccuracy(mnist, mnistTest, 200, 9800).top1).toBeGreaterThanOrEqual(0.95);
  });

  it('extract deterministic [N, 128] features whatever the batching', () => {
    const a = extractDataset(shapes, shapesTest, { count: 40, batchSize: 40 });
    const b = extractDataset(shapes, shapesTest, { count: 40, batchSize: 7 });
    expect([a.n, a.dim, a.extractor, a.extractorHash]).toEqual([
      40,
      128,
      'shapes-features-v1',
      shapes.extractorHash,
    ]);
    for (let i = 0; i < a.data.length; i++) expect(b.data[i]).toBeCloseTo(a.data[i]!, 4);
    expect(Array.from(extractDataset(shapes, shapesTest, { count: 40, batchSize: 40 }).data)).toEqual(
      Array.from(a.data),
    );
  });

  it('refuse to compare features of different networks', () => {
    const s = extractDataset(shapes, shapesTest, { count: 20 });
    const m = extractDataset(mnist, mnistTest, { count: 20 });
    expect(s.extractorHash).not.toBe(m.extractorHash);
    expect(() => frechetDistance(s, m)).toThrow(/different extractors/);
  });

  it('FD(real, real′) < FD(real, corrupted) with the trained shapes features', () => {
    const n = 200;
    const rng = new Rng(1);
    const real = extractDataset(shapes, shapesTest, { count: n });
    const realB = extractDataset(shapes, shapesTest, { offset: n, count: n });
    const noisy = extractDataset(shapes, shapesTest, {
      offset: n,
      count: n,
      transform: (x) => ({
        ...x,
        data: x.data.map((v) => Math.max(-1, Math.min(1, v + 0.5 * rng.normal()))),
      }),
    });
    const fdReal = frechetDistance(real, realB).value;
    const fdNoisy = frechetDistance(real, noisy).value;
    // Measured: ≈ 800 vs ≈ 6000 at N = 200 (the real-vs-real value is the small-N bias).
    expect(fdNoisy).toBeGreaterThan(3 * fdReal);
  });

  it('mini-CLIP retrieves the right caption among 8 far above chance', () => {
    const acc = heldOutAccuracy(clip, shapesTest, 200, 5000);
    expect(acc.imageToText).toBeGreaterThan(acc.chance! + 0.5);
    expect(acc.textToImage).toBeGreaterThan(0.6);
  });

  it('MNIST mini-CLIP picks the right digit caption (zero-shot classification among ≤ 8)', async () => {
    const m = await readEvalNetManifest(join(evalNetAssetsDir(), 'mnist-clip-v1'));
    expect(m.heldOut.accuracy.imageToText).toBeGreaterThanOrEqual(0.98);
    const acc = heldOutAccuracy(mnistClip, mnistTest, 200, 9800);
    expect(acc.imageToText).toBeGreaterThan(0.95);
  });

  it('mini-CLIP scores real images with their captions far above the same images with other captions', () => {
    const ref = clipScoreReference({
      clip,
      dataset: shapesTest,
      protocol: parseEvalProtocol({ n: 100, offset: 6000 }),
    });
    expect(ref.matched.name).toBe('CLIP-score-shapes-clip-v1');
    expect(ref.matched.value).toBeGreaterThan(ref.mismatched.value + 20);
  });
});
