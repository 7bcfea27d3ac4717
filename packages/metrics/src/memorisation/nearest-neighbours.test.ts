import { Rng } from '@flopmatch/core';
import { forEachBackend } from '@flopmatch/runtime/testing';
import { describe, expect, it } from 'vitest';
import { memorisationCheck } from './memorisation-check.js';
import { type HostRows, nearestNeighbours } from './nearest-neighbours.js';

const rows = (values: number[][]): HostRows => ({
  n: values.length,
  dim: values[0]!.length,
  data: Float64Array.from(values.flat()),
});

function randomRows(seed: number, n: number, dim: number, offset = 0): HostRows {
  const rng = new Rng(seed);
  return { n, dim, data: Float64Array.from({ length: n * dim }, () => offset + rng.normal()) };
}

/** Independent brute force in float64: all distances, sorted. */
function reference(samples: HostRows, training: HostRows) {
  return Array.from({ length: samples.n }, (_, i) => {
    const all = Array.from({ length: training.n }, (_, j) => {
      let s = 0;
      for (let t = 0; t < samples.dim; t++)
        s += (samples.data[i * samples.dim + t]! - training.data[j * training.dim + t]!) ** 2;
      return [Math.sqrt(s), j] as const;
    }).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    return { index: all[0]![1], distance: all[0]![0], second: all[1]![0] };
  });
}

describe('nearestNeighbours', () => {
  forEachBackend(['cpu', 'wasm'], () => {
    it('finds the hand-computed neighbours on a tiny set', async () => {
      const training = rows([
        [0, 0],
        [10, 0],
        [0, 10],
      ]);
      const nn = await nearestNeighbours(
        rows([
          [1, 0],
          [0, 9],
        ]),
        training,
      );
      expect(Array.from(nn.index)).toEqual([0, 2]);
      expect(Array.from(nn.distance)).toEqual([1, 1]);
      expect(Array.from(nn.secondIndex)).toEqual([1, 0]);
      expect(Array.from(nn.secondDistance)).toEqual([9, 9]);
    });

    it('matches a float64 brute force across batch and chunk boundaries', async () => {
      const samples = randomRows(1, 37, 12);
      const training = randomRows(2, 150, 12);
      const nn = await nearestNeighbours(samples, training, { batchSize: 8, chunkSize: 32 });
      const want = reference(samples, training);
      expect(Array.from(nn.index)).toEqual(want.map((w) => w.index));
      want.forEach((w, i) => {
        expect(nn.distance[i]).toBeCloseTo(w.distance, 12);
        expect(nn.secondDistance[i]).toBeCloseTo(w.second, 12);
      });
    });

    it('reports exact distances for near-duplicates of large-norm rows (no float32 cancellation)', async () => {
      // Rows around 100 in 64 dims: ‖t‖² ≈ 6.4e5, so float32 d² is only good to ≈ 0.05; d = 1e-3·√64 = 0.008.
      const training = randomRows(3, 40, 64, 100);
      const samples: HostRows = {
        n: 1,
        dim: 64,
        data: training.data.slice(17 * 64, 18 * 64).map((v) => v + 1e-3),
      };
      const nn = await nearestNeighbours(samples, training);
      expect(nn.index[0]).toBe(17);
      expect(nn.distance[0]).toBeCloseTo(1e-3 * 8, 12);
    });
  });

  it('explains mismatched dimensions and empty sets', async () => {
    await expect(nearestNeighbours(rows([[1, 2]]), rows([[1, 2, 3]]))).rejects.toThrow(
      /dim 2 but training rows have dim 3/,
    );
    await expect(
      nearestNeighbours({ n: 0, dim: 2, data: new Float64Array(0) }, rows([[1, 2]])),
    ).rejects.toThrow(/samples has n = 0/);
  });
});

describe('memorisationCheck', () => {
  forEachBackend(['wasm'], () => {
    it('flags samples with d₁ < d₂/3 and reports min and median distances (hand case)', async () => {
      const training = rows([
        [0, 0],
        [10, 0],
        [0, 10],
      ]);
      // (1, 0): d₁ = 1, d₂ = 9 → memorised. (5, 5): d₁ = d₂ = √50 → not. (0, 4): d₁ = 4, d₂ = 6 → not.
      const { metrics, neighbours } = await memorisationCheck(
        rows([
          [1, 0],
          [5, 5],
          [0, 4],
        ]),
        training,
      );
      expect(metrics[0]).toMatchObject({
        name: 'memorised-fraction',
        value: 1 / 3,
        n: 3,
        details: { memorised: [0] },
      });
      expect(metrics[1]).toMatchObject({ name: 'nn-distance/min', value: 1 });
      expect(metrics[2]!.value).toBe(4);
      expect(neighbours.index[1]).toBe(0); // tie at √50 → lowest index
    });
  });
});
