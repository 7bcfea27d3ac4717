import { Rng } from '@flopmatch/core';
import { forEachBackend } from '@flopmatch/runtime/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { FiniteScalarQuantizer, FSQ_EPSILON } from './finite-scalar-quantizer.js';

const rng = new Rng('fsq-test');

/** Float64 reference: bound then round, normalised, for one channel with L levels. */
function fsqRef(z: number, L: number): { bounded: number; code: number; slope: number } {
  const h = ((L - 1) * (1 + FSQ_EPSILON)) / 2;
  const o = L % 2 === 0 ? 0.5 : 0;
  const s = Math.atanh(o / h);
  const t = Math.tanh(z + s);
  const bounded = t * h - o;
  const hw = Math.floor(L / 2);
  return { bounded, code: Math.round(bounded) / hw, slope: ((1 - t * t) * h) / hw };
}

forEachBackend(['cpu', 'wasm'], () => {
  describe('FiniteScalarQuantizer', () => {
    it('bounds and rounds each channel to its L values (hand values for L = 3 and L = 4)', () => {
      const q = new FiniteScalarQuantizer({ levels: [3, 4] });
      // L = 3: tanh(z)·1.001 → round → {−1, 0, 1}; L = 4: tanh(z + s)·1.5015 − ½ → {−2, −1, 0, 1} / 2
      const z = tf.tensor4d([0.3, 0, 1, 10, -2, -10], [1, 1, 3, 2]);
      const out = q.forward(z, { training: false, rng });
      const got = Array.from(out.latent.dataSync(), (v) => v + 0); // −0 → 0
      expect(got).toEqual([0, 0, 1, 0.5, -1, -1]);
      const vals = [0.3, 0, 1, 10, -2, -10];
      expect(got).toEqual(vals.map((v, i) => fsqRef(v, i % 2 === 0 ? 3 : 4).code + 0));
      expect(q.codebookSize).toBe(12);
      expect(q.bitsPerPosition).toBeCloseTo(Math.log2(12), 12);
      q.dispose();
    });

    it('reaches every level of an even L, and maps ids ↔ codes one to one (mixed radix)', () => {
      const q = new FiniteScalarQuantizer({ levels: [8] });
      const sweep = tf.reshape(tf.linspace(-6, 6, 401), [1, 1, 401, 1]) as tf.Tensor4D;
      expect(new Set(q.ids(sweep).dataSync())).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7]));
      const q3 = new FiniteScalarQuantizer({ levels: [3, 4, 2] });
      const ids = tf.tensor3d(
        Array.from({ length: 24 }, (_, i) => i),
        [1, 4, 6],
        'int32',
      );
      const codes = q3.embed(ids);
      const rows = (codes.arraySync() as number[][][][])[0]!.flat();
      expect(new Set(rows.map((r) => r.join())).size).toBe(24);
      for (const r of rows) {
        expect(r[0]! >= -1 && r[0]! <= 1 && r[2]! >= -1 && r[2]! <= 1).toBe(true);
      }
      expect(rows[1]).toEqual([0, -1, -1]); // id 1 = digit 1 of channel 0 (L = 3) → code 0
      expect(rows[3]).toEqual([-1, -0.5, -1]); // id 3 = 0 + 1·3 → channel 1 digit 1 of 4 → (1 − 2)/2
      expect(Array.from(q3.codesToIds(codes).dataSync())).toEqual(Array.from(ids.dataSync()));
      q.dispose();
      q3.dispose();
    });

    it('passes the gradient of the bound straight through the rounding', () => {
      const q = new FiniteScalarQuantizer({ levels: [5, 8] });
      const vals = [0.2, -0.7, 1.5, 0.05];
      const z = tf.tensor4d(vals, [1, 1, 2, 2]);
      const g = tf.grad((x: tf.Tensor) =>
        tf.sum(q.forward(x as tf.Tensor4D, { training: true, rng }).latent),
      )(z);
      for (const [i, v] of Array.from(g.dataSync()).entries())
        expect(v).toBeCloseTo(fsqRef(vals[i]!, i % 2 === 0 ? 5 : 8).slope, 5);
      expect(q.forward(z, { training: true, rng }).losses).toEqual({}); // no auxiliary loss
      q.dispose();
    });
  });
});
