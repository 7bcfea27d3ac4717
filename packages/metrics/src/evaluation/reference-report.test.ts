import { type Dataset, Rng } from '@flopmatch/core';
import { describe, expect, it } from 'vitest';
import { createFeatureSet, type NamedFeatureSet } from '../feature-set.js';
import type { HostImages } from '../networks/eval-network.js';
import { parseEvalProtocol } from './eval-protocol.js';
import type { HostFeatureExtractor } from './extract-dataset.js';
import { computeReference, evaluateAgainstReference, referenceFromSets } from './reference-report.js';

function gaussian(
  n: number,
  dim: number,
  shift: number,
  seed: number,
  hash = 'sha256:test',
): NamedFeatureSet {
  const rng = new Rng(seed);
  const data = Float64Array.from({ length: n * dim }, () => rng.normal() + shift);
  return createFeatureSet({ data, n, dim, extractorHash: hash, extractor: 'toy-v1' });
}

/** A test double: 4 features per image, the mean of each image quadrant (channel-averaged). */
const quadrants: HostFeatureExtractor = {
  name: 'quadrants-v1',
  extractorHash: 'sha256:quadrants',
  dim: 4,
  extractHost(images: HostImages) {
    const { n, shape } = images;
    const { height: h, width: w, channels: c } = shape;
    const out = new Float64Array(n * 4);
    for (let b = 0; b < n; b++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++)
          for (let k = 0; k < c; k++) {
            const q = (y < h / 2 ? 0 : 2) + (x < w / 2 ? 0 : 1);
            out[b * 4 + q]! += images.data[((b * h + y) * w + x) * c + k]! / ((h * w * c) / 4);
          }
    return createFeatureSet({
      data: out,
      n,
      dim: 4,
      extractorHash: this.extractorHash,
      extractor: this.name,
    });
  },
};

/** Images whose pixels are drawn per index: a Gaussian level per quadrant. */
function toyDataset(size: number): Dataset {
  return {
    specVersion: 'v1',
    id: 'dataset:toy',
    imageShape: { height: 4, width: 4, channels: 1 },
    size,
    config: {},
    get(index) {
      const rng = new Rng(index);
      const levels = [rng.normal(), rng.normal(), rng.normal(), rng.normal()];
      const image = Float32Array.from(
        { length: 16 },
        (_, i) => levels[Math.floor(i / 8) * 2 + (i % 4 < 2 ? 0 : 1)]!,
      );
      return { image, caption: `toy ${index}` };
    },
  };
}

describe('referenceFromSets', () => {
  it('reports the real-vs-real baseline below the ceiling of a worse reconstruction set, all at N', () => {
    const protocol = parseEvalProtocol({ n: 300, kid: { subsetSize: 100, subsets: 10 } });
    const ref = referenceFromSets(
      {
        realA: gaussian(300, 4, 0, 1),
        realB: gaussian(300, 4, 0, 2),
        reconstructed: gaussian(300, 4, 0.7, 3),
      },
      protocol,
    );
    expect(ref.n).toBe(300);
    expect(ref.baseline.map((m) => m.name)).toEqual([
      'FD-toy-v1',
      'KID-toy-v1',
      'precision-toy-v1',
      'recall-toy-v1',
    ]);
    const fd = (ms: typeof ref.baseline) => ms.find((m) => m.name === 'FD-toy-v1')!;
    // A shift of 0.7 in 4 dims adds |Δμ|² = 4·0.49 ≈ 2 to FD; the baseline is sampling noise only.
    expect(fd(ref.baseline).value).toBeLessThan(0.3);
    expect(fd(ref.ceiling!).value).toBeGreaterThan(1.5);
    for (const m of [...ref.baseline, ...ref.ceiling!]) expect(m.n).toBe(300);
  });

  it('refuses sets at another N or from another extractor', () => {
    const protocol = parseEvalProtocol({ n: 100 });
    expect(() =>
      referenceFromSets({ realA: gaussian(100, 4, 0, 1), realB: gaussian(99, 4, 0, 2) }, protocol),
    ).toThrow(/real set B has 99 features but the protocol's N is 100/);
    expect(() =>
      referenceFromSets(
        { realA: gaussian(100, 4, 0, 1), realB: gaussian(100, 4, 0, 2, 'sha256:other') },
        protocol,
      ),
    ).toThrow(/different extractors/);
  });
});

describe('evaluateAgainstReference', () => {
  it('puts each generated metric beside its baseline and ceiling', () => {
    const protocol = parseEvalProtocol({ n: 200, kid: { subsetSize: 100, subsets: 5 } });
    const realA = gaussian(200, 4, 0, 1);
    const ref = referenceFromSets(
      { realA, realB: gaussian(200, 4, 0, 2), reconstructed: gaussian(200, 4, 0.3, 3) },
      protocol,
    );
    const rows = evaluateAgainstReference(gaussian(200, 4, 1, 4), realA, ref, protocol);
    const fd = rows.find((r) => r.name === 'FD-toy-v1')!;
    expect(fd.n).toBe(200);
    expect(fd.value).toBeGreaterThan(fd.ceiling!);
    expect(fd.ceiling!).toBeGreaterThan(fd.baseline);
    expect(rows.find((r) => r.name === 'KID-toy-v1')!.std).toBeGreaterThan(0);
    expect(() => evaluateAgainstReference(gaussian(150, 4, 1, 4), realA, ref, protocol)).toThrow(
      /generated set has 150 features/,
    );
  });
});

describe('computeReference', () => {
  it('extracts two disjoint real sets and reconstructions of the second, then the references', () => {
    const protocol = parseEvalProtocol({ n: 100, kid: { subsetSize: 50, subsets: 5 } });
    const blur = (x: HostImages): HostImages => ({ ...x, data: x.data.map((v) => 0.5 * v) }); // a lossy "autoencoder"
    const { reference, sets } = computeReference({
      extractor: quadrants,
      dataset: toyDataset(300),
      protocol,
      reconstruct: blur,
    });
    expect([sets.realA.n, sets.realB.n, sets.reconstructed!.n]).toEqual([100, 100, 100]);
    // Set A is samples 0..99, set B 100..199: the quadrant means are the per-sample Gaussian levels.
    expect(sets.realA.data[0]).toBeCloseTo(new Rng(0).normal(), 5);
    expect(sets.realB.data[0]).toBeCloseTo(new Rng(100).normal(), 5);
    expect(sets.reconstructed!.data[0]).toBeCloseTo(0.5 * new Rng(100).normal(), 5);
    const fd = (ms: typeof reference.baseline) => ms.find((m) => m.name.startsWith('FD'))!.value;
    expect(fd(reference.ceiling!)).toBeGreaterThan(fd(reference.baseline));
    expect(() => computeReference({ extractor: quadrants, dataset: toyDataset(150), protocol })).toThrow(
      /need 200 samples[\s\S]*at most 75/,
    );
  });
});
