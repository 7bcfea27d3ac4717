import { Rng } from '@flopmatch/core';
import { forEachBackend } from '@flopmatch/runtime/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { VectorQuantizer } from './vector-quantizer.js';

const rng = new Rng('vq-test');
const CODES = [0, 0, 1, 0, 0, 2]; // e₀ = (0, 0), e₁ = (1, 0), e₂ = (0, 2)
/** z [1, 1, 3, 2]: rows (0.9, 0.1) → e₁, (0.1, 1.2) → e₂, (−0.2, −0.1) → e₀. */
const Z = [0.9, 0.1, 0.1, 1.2, -0.2, -0.1];

function vq(options: Record<string, unknown> = {}): VectorQuantizer {
  const q = new VectorQuantizer({ codebookSize: 3, inChannels: 2, deadCodeThreshold: 0, ...options }, rng);
  q.codebook.assign(tf.tensor2d(CODES, [3, 2]));
  return q;
}

forEachBackend(['cpu', 'wasm'], () => {
  describe('VectorQuantizer', () => {
    it('assigns each vector its nearest code and hands that code to the decoder', () => {
      const q = vq();
      const z = tf.tensor4d(Z, [1, 1, 3, 2]);
      const out = q.forward(z, { training: true, rng });
      expect(Array.from(out.ids!.dataSync())).toEqual([1, 2, 0]);
      expect(Array.from(q.ids(z).dataSync())).toEqual([1, 2, 0]);
      expect(Array.from(out.latent.dataSync())).toEqual([1, 0, 0, 2, 0, 0]);
      expect(Array.from(q.embed(tf.tensor3d([2, 0, 1], [1, 1, 3], 'int32')).dataSync())).toEqual([
        0, 2, 0, 0, 1, 0,
      ]);
      // commitment β·mean(z − e)² = 0.25 · (0.01 + 0.01 + 0.01 + 0.64 + 0.04 + 0.01) / 6
      expect(out.losses.commitment!.dataSync()[0]).toBeCloseTo((0.25 * 0.72) / 6, 6);
      expect(out.losses.codebook).toBeUndefined(); // EMA mode
      q.dispose();
    });

    it('passes gradients straight through to z, adds the commitment gradient, and trains codes in gradient mode', () => {
      const q = vq({ codebookUpdate: 'gradient' });
      const z = tf.tensor4d(Z, [1, 1, 3, 2]);
      const w = tf.tensor4d([1, -2, 3, 0.5, -1, 4], [1, 1, 3, 2]);
      // Straight-through: d/dz Σ w ⊙ latent = w exactly.
      const g = tf.grad((x: tf.Tensor) =>
        tf.sum(tf.mul(q.forward(x as tf.Tensor4D, { training: false, rng }).latent, w)),
      )(z);
      expect(Array.from(g.dataSync())).toEqual(Array.from(w.dataSync()));
      // Commitment: d/dz β·mean((z − sg(e))²) = 2β(z − e)/6.
      const e = [1, 0, 0, 2, 0, 0];
      const gc = tf.grad(
        (x: tf.Tensor) => q.forward(x as tf.Tensor4D, { training: true, rng }).losses.commitment!,
      )(z);
      for (const [i, v] of Array.from(gc.dataSync()).entries())
        expect(v).toBeCloseTo((2 * 0.25 * (Z[i]! - e[i]!)) / 6, 6);
      // Codebook loss mean((sg(z) − e)²): d/de_k = −2·Σ_{rows j→k}(z_j − e_k)/6, zero for z.
      const { grads } = tf.variableGrads(
        () => q.forward(z, { training: true, rng }).losses.codebook!,
        [q.codebook],
      );
      const gk = grads[q.codebook.name]!.dataSync();
      const hand = [
        (-2 * (-0.2 - 0)) / 6,
        (-2 * (-0.1 - 0)) / 6, // e₀ ← (−0.2, −0.1)
        (-2 * (0.9 - 1)) / 6,
        (-2 * (0.1 - 0)) / 6, // e₁ ← (0.9, 0.1)
        (-2 * (0.1 - 0)) / 6,
        (-2 * (1.2 - 2)) / 6, // e₂ ← (0.1, 1.2)
      ];
      for (const [i, v] of Array.from(gk).entries()) expect(v).toBeCloseTo(hand[i]!, 6);
      q.dispose();
    });

    it('updates the codebook by the EMA formulas with Laplace smoothing (App. A.1)', () => {
      const q = vq({ emaDecay: 0.9, epsilon: 0.01 });
      q.clusterSize.assign(tf.tensor1d([2, 1, 1]));
      q.embedSum!.assign(tf.tensor2d([0, 0, 1, 0, 0, 2], [3, 2]));
      q.update(tf.tensor4d(Z, [1, 1, 3, 2]), rng);
      // n = (1, 1, 1); N = 0.9·(2, 1, 1) + 0.1 = (1.9, 1, 1); m = 0.9·m + 0.1·z_assigned
      const N = [1.9, 1, 1];
      const m = [0.1 * -0.2, 0.1 * -0.1, 0.9 + 0.1 * 0.9, 0.1 * 0.1, 0.1 * 0.1, 1.8 + 0.1 * 1.2];
      const total = 3.9;
      const smooth = N.map((n) => ((n + 0.01) / (total + 3 * 0.01)) * total);
      expect(Array.from(q.clusterSize.dataSync()).map((v) => Number(v.toFixed(6)))).toEqual(N);
      for (const [i, v] of Array.from(q.codebook.dataSync()).entries())
        expect(v).toBeCloseTo(m[i]! / smooth[Math.floor(i / 2)]!, 5);
      q.dispose();
    });

    it('seeds every code from the first batch, then restarts codes whose cluster size fell below the threshold', () => {
      const q = new VectorQuantizer(
        { codebookSize: 4, inChannels: 2, deadCodeThreshold: 0.5, emaDecay: 0.99 },
        rng,
      );
      const z = tf.tensor4d(Z, [1, 1, 3, 2]);
      const rows = [0, 1, 2].map((j) => [Z[2 * j]!, Z[2 * j + 1]!]);
      const isRow = (c: number[]) =>
        rows.some((r) => Math.abs(r[0]! - c[0]!) < 1e-6 && Math.abs(r[1]! - c[1]!) < 1e-6);
      expect(q.update(z, new Rng('restart')).restartedCodes).toBe(4); // N starts at 0: every code is dead
      for (const c of q.codebook.arraySync() as number[][]) expect(isRow(c)).toBe(true);
      expect(Array.from(q.clusterSize.dataSync())).toEqual([1, 1, 1, 1]);
      // After the EMA step N = 0.99·N + 0.01·n (n ≤ 3): codes 1 and 3 stay below 0.5, codes 0 and 2 do not.
      q.clusterSize.assign(tf.tensor1d([1, 0.2, 3, 0.4]));
      expect(q.update(z, new Rng('restart-2')).restartedCodes).toBe(2);
      const sizes = q.clusterSize.dataSync();
      expect([sizes[1], sizes[3]]).toEqual([1, 1]);
      expect(sizes[2]).toBeGreaterThan(2.9);
      const after = q.codebook.arraySync() as number[][];
      expect(isRow(after[1]!) && isRow(after[3]!)).toBe(true);
      q.dispose();
    });

    it('looks codes up in an l2-normalised low-dimensional space with projections (ViT-VQGAN / LlamaGen)', () => {
      const q = new VectorQuantizer(
        { codebookSize: 16, inChannels: 6, codebookDim: 3, l2Normalize: true },
        rng,
      );
      const z = tf.randomNormal([2, 2, 2, 6], 0, 1, 'float32', 9) as tf.Tensor4D;
      const out = q.forward(z, { training: true, rng });
      expect(out.latent.shape).toEqual([2, 2, 2, 6]);
      const norms = tf.norm(q.codes(), 'euclidean', 1).dataSync();
      for (const n of norms) expect(n).toBeCloseTo(1, 5);
      // ids = argmax of cosine similarity between the projected vectors and the codes
      const v = q.lookupVectors(z).arraySync() as number[][];
      const c = q.codes().arraySync() as number[][];
      const expectIds = v.map((r) => {
        const sims = c.map((e) => e.reduce((s, x, i) => s + x * r[i]!, 0));
        return sims.indexOf(Math.max(...sims));
      });
      expect(Array.from(out.ids!.dataSync())).toEqual(expectIds);
      expect(q.parameterCount()).toBe(6 * 3 + 3 + 3 * 6 + 6);
      expect(q.encodeFlopsPerPosition().model).toBe(2 * 3 * 16 + 2 * 6 * 3 + 3);
      q.dispose();
    });
  });
});
