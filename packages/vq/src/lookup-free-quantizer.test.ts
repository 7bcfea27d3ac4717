import { Rng } from '@flopmatch/core';
import { checkGradients } from '@flopmatch/nn';
import { forEachBackend } from '@flopmatch/runtime/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { LookupFreeQuantizer } from './lookup-free-quantizer.js';

const rng = new Rng('lfq-test');

/** Float64 reference of the entropy terms for rows z [M, k]: E[H(p)] and H(E[p]), p(c|z) ∝ exp(−‖z − c‖²/τ). */
function entropyRef(z: ArrayLike<number>, M: number, k: number, tau: number): [number, number] {
  const K = 2 ** k;
  const mean = new Float64Array(K);
  let perSample = 0;
  for (let m = 0; m < M; m++) {
    const logits = new Float64Array(K);
    for (let n = 0; n < K; n++) {
      let d = 0;
      for (let i = 0; i < k; i++) d += (z[m * k + i]! - ((n >> i) & 1 ? 1 : -1)) ** 2;
      logits[n] = -d / tau;
    }
    const max = Math.max(...logits);
    const ex = logits.map((l) => Math.exp(l - max));
    const sum = ex.reduce((a, b) => a + b, 0);
    for (let n = 0; n < K; n++) {
      const p = ex[n]! / sum;
      if (p > 0) perSample -= (p * Math.log(p)) / M;
      mean[n]! += p / M;
    }
  }
  let batch = 0;
  for (const p of mean) if (p > 0) batch -= p * Math.log(p);
  return [perSample, batch];
}

forEachBackend(['cpu', 'wasm'], () => {
  describe('LookupFreeQuantizer', () => {
    it('quantizes each channel to its sign and reads the signs as a binary id (channel i = bit i)', () => {
      const q = new LookupFreeQuantizer({ bits: 3 });
      const z = tf.tensor4d([0.5, -1, 2, -0.1, -0.2, -3], [1, 1, 2, 3]);
      expect(Array.from(q.ids(z).dataSync())).toEqual([1 + 4, 0]);
      const out = q.forward(z, { training: false, rng });
      expect(Array.from(out.latent.dataSync())).toEqual([1, -1, 1, -1, -1, -1]);
      expect(q.codebookSize).toBe(8);
      expect(q.bitsPerPosition).toBe(3);
      q.dispose();
    });

    it('is a bijection between ids and codes {−1, 1}^k', () => {
      const q = new LookupFreeQuantizer({ bits: 4 });
      const all = tf.tensor3d(
        Array.from({ length: 16 }, (_, i) => i),
        [1, 4, 4],
        'int32',
      );
      const codes = q.embed(all);
      expect(Array.from(codes.dataSync())).toEqual(Array.from(q.codes().dataSync()));
      expect(new Set((codes.arraySync() as number[][][][])[0]!.flat().map((c) => c.join())).size).toBe(16);
      expect(Array.from(q.ids(codes).dataSync())).toEqual(Array.from(all.dataSync()));
      q.dispose();
    });

    it('computes E[H(p)] and H(E[p]) of the entropy penalty as a float64 reference does, with gradients', () => {
      const q = new LookupFreeQuantizer({
        bits: 3,
        temperature: 0.7,
        entropyWeight: 0.1,
        diversityWeight: 1,
      });
      const z = tf.randomNormal([5, 3], 0, 1, 'float32', 2) as tf.Tensor2D;
      const { perSample, batch } = q.entropyTerms(z);
      const [ps, b] = entropyRef(z.dataSync(), 5, 3, 0.7);
      expect(perSample.dataSync()[0]).toBeCloseTo(ps, 5);
      expect(batch.dataSync()[0]).toBeCloseTo(b, 5);
      const report = checkGradients(
        (x) => {
          const t = q.entropyTerms(x as tf.Tensor2D);
          return tf.stack([t.perSample, t.batch]);
        },
        [z],
        { reference: (x) => entropyRef(x, 5, 3, 0.7), tol: 2e-3 },
      );
      expect(report.maxError).toBeLessThan(2e-3);
      // the penalty in forward = w·(E[H] − γ·H(E[p])), plus the commitment β·mean(z − sign z)²
      const z4 = tf.reshape(z, [1, 1, 5, 3]) as tf.Tensor4D;
      const out = q.forward(z4, { training: true, rng });
      expect(out.losses.entropy!.dataSync()[0]).toBeCloseTo(0.1 * (ps - b), 5);
      const zs = Array.from(z.dataSync());
      const commit = zs.reduce((a, v) => a + (v - (v > 0 ? 1 : -1)) ** 2, 0) / zs.length;
      expect(out.losses.commitment!.dataSync()[0]).toBeCloseTo(0.25 * commit, 5);
      q.dispose();
    });

    it('passes gradients straight through the sign', () => {
      const q = new LookupFreeQuantizer({ bits: 2 });
      const z = tf.tensor4d([0.3, -0.4, 2, 0.1], [1, 1, 2, 2]);
      const w = tf.tensor4d([1, 2, -3, 4], [1, 1, 2, 2]);
      const g = tf.grad((x: tf.Tensor) =>
        tf.sum(tf.mul(q.forward(x as tf.Tensor4D, { training: false, rng }).latent, w)),
      )(z);
      expect(Array.from(g.dataSync())).toEqual([1, 2, -3, 4]);
      q.dispose();
    });
  });
});
