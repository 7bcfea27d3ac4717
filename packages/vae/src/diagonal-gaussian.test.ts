import type { RandomSource } from '@flopmatch/core';
import { Rng } from '@flopmatch/core';
import { checkGradients } from '@flopmatch/nn';
import { forEachBackend } from '@flopmatch/runtime/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { DiagonalGaussianBottleneck, klDivergence } from './diagonal-gaussian.js';

/** A source whose tfjs seed is always 7, so every call draws the same ε (finite differences need that). */
const fixed: RandomSource = {
  ...new Rng('x'),
  tfSeed: () => 7,
  split: () => fixed,
} as unknown as RandomSource;

/** Float64 reference of forward(training): [latent (μ + σ·ε), kl term] for z [1, 1, P, 2c]. */
function reference(
  z: ArrayLike<number>,
  P: number,
  c: number,
  eps: ArrayLike<number>,
  w: number,
  pixels: number,
): number[] {
  const out: number[] = [];
  let kl = 0;
  for (let p = 0; p < P; p++)
    for (let j = 0; j < c; j++) {
      const mu = z[p * 2 * c + j]!;
      const lv = Math.min(20, Math.max(-30, z[p * 2 * c + c + j]!));
      out.push(mu + Math.exp(0.5 * lv) * eps[p * c + j]!);
      kl += 0.5 * (mu * mu + Math.exp(lv) - 1 - lv);
    }
  return [...out, (w * kl) / pixels];
}

forEachBackend(['cpu', 'wasm'], () => {
  describe('DiagonalGaussianBottleneck', () => {
    it('KL(N(μ, σ²) ‖ N(0, I)) = ½ Σ (μ² + σ² − 1 − log σ²) per image, averaged over the batch', () => {
      // image 0: μ = 1, log σ² = 0 → ½; image 1: μ = 0, log σ² = ln 2 → ½(2 − 1 − ln 2)
      const mean = tf.tensor4d([1, 0], [2, 1, 1, 1]);
      const logvar = tf.tensor4d([0, Math.log(2)], [2, 1, 1, 1]);
      expect(klDivergence(mean, logvar).dataSync()[0]).toBeCloseTo((0.5 + 0.5 * (1 - Math.log(2))) / 2, 6);
      expect(
        klDivergence(
          tf.zeros([1, 2, 2, 3]) as tf.Tensor4D,
          tf.zeros([1, 2, 2, 3]) as tf.Tensor4D,
        ).dataSync()[0],
      ).toBe(0);
    });

    it('samples z = μ + σ·ε and weights the KL as w·KL/(H·W·C); gradients match a float64 reference', () => {
      const b = new DiagonalGaussianBottleneck({ latentChannels: 2, klWeight: 1e-3 });
      const z = tf.randomNormal([1, 1, 3, 4], 0, 1, 'float32', 11);
      const eps = tf.randomNormal([1, 1, 3, 2], 0, 1, 'float32', 7).dataSync();
      const fn = (x: tf.Tensor) => {
        const out = b.forward(x as tf.Tensor4D, { training: true, rng: fixed, pixelsPerImage: 48 });
        return tf.concat([tf.reshape(out.latent, [-1]), tf.reshape(out.losses.kl!, [1])]);
      };
      const report = checkGradients(fn, [z], { reference: (x) => reference(x, 3, 2, eps, 1e-3, 48) });
      expect(report.valueError).toBeLessThan(1e-5);
      expect(report.maxError).toBeLessThan(1e-3);
      const mean = b.forward(z as tf.Tensor4D, { training: false, rng: fixed });
      expect(Array.from(mean.latent.dataSync())).toEqual(
        Array.from(tf.slice(z, [0, 0, 0, 0], [1, 1, 3, 2]).dataSync()),
      );
      expect(mean.losses).toEqual({});
      expect(b).toMatchObject({ inChannels: 4, outChannels: 2, bitsPerPosition: 2, kind: 'continuous' });
      b.dispose();
    });

    it('clamps the log-variance to [−30, 20] (LDM)', () => {
      const b = new DiagonalGaussianBottleneck({ latentChannels: 1 });
      const z = tf.tensor4d([0, 100], [1, 1, 1, 2]);
      const s = b.sample(z as tf.Tensor4D, 'sample', fixed).dataSync()[0]!;
      const e = tf.randomNormal([1, 1, 1, 1], 0, 1, 'float32', 7).dataSync()[0]!;
      expect(s).toBeCloseTo(Math.exp(10) * e, 0);
      expect(() => new DiagonalGaussianBottleneck({ klWeight: 2 })).toThrow(/klWeight = 2/);
      b.dispose();
    });
  });
});
