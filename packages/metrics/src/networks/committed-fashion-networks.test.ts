/**
 * The Fashion-MNIST networks committed under `assets/`: weights load with their sha256 checked, the
 * recorded held-out accuracy, and — where Debian's `dataset-fashion-mnist` is installed — that accuracy
 * re-measured on the last 200 test images with the committed weights.
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createDataset, FASHION_MNIST_DIR } from '@flopmatch/data';
import { initRuntime } from '@flopmatch/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetConfigFor } from '../cli/eval-net-commands.js';
import { evalNetAssetsDir } from './assets-dir.js';
import { loadClipNetwork, loadFeatureNetwork, readEvalNetManifest } from './eval-net-files.js';
import type { ClipNetwork, FeatureNetwork } from './eval-network.js';
import { heldOutAccuracy } from './held-out-accuracy.js';

const installed = existsSync(join(FASHION_MNIST_DIR, 't10k-images-idx3-ubyte.gz'));
if (!installed)
  console.warn(
    `Fashion-MNIST re-measurement skipped: ${FASHION_MNIST_DIR} is missing (apt-get install dataset-fashion-mnist)`,
  );

let features: FeatureNetwork;
let clip: ClipNetwork;

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
  [features, clip] = await Promise.all([
    loadFeatureNetwork('fashion-mnist-features-v1'),
    loadClipNetwork('fashion-mnist-clip-v1'),
  ]);
});
afterAll(() => {
  features?.dispose();
  clip?.dispose();
});

describe('committed Fashion-MNIST evaluation networks', () => {
  it('load with their hashes and record held-out accuracy on all 10 000 test images', async () => {
    expect(features.extractorHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(clip.extractorHash).not.toBe(features.extractorHash);
    const f = await readEvalNetManifest(join(evalNetAssetsDir(), 'fashion-mnist-features-v1'));
    expect(f.heldOut.n).toBe(10_000);
    expect(f.heldOut.accuracy.top1).toBeGreaterThanOrEqual(0.9);
    const c = await readEvalNetManifest(join(evalNetAssetsDir(), 'fashion-mnist-clip-v1'));
    expect(c.heldOut.accuracy.imageToText).toBeGreaterThan(c.heldOut.accuracy.chance! + 0.5);
  });

  it.skipIf(!installed)('re-measure their accuracy on 200 held-out images', () => {
    const test = createDataset('fashion-mnist', datasetConfigFor('fashion-mnist', { split: 'test' }));
    expect(heldOutAccuracy(features, test, 200, 9800).top1).toBeGreaterThanOrEqual(0.85);
    const acc = heldOutAccuracy(clip, test, 200, 9800);
    expect(acc.imageToText).toBeGreaterThan(acc.chance! + 0.5);
  });
});
