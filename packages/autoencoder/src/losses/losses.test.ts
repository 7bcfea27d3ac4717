import { Rng } from '@flopmatch/core';
import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { networkCost } from '../network/conv-net-shapes.js';
import { ADAPTIVE_WEIGHT_MAX, adaptiveGanWeight } from './adaptive-weight.js';
import { hingeDiscriminatorLoss, hingeGeneratorLoss } from './hinge-gan-loss.js';
import { PatchDiscriminator } from './patch-discriminator.js';
import { RandomConvPerceptual } from './random-conv-perceptual.js';
import { reconstructionLoss } from './reconstruction-loss.js';

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

describe('losses', () => {
  it('reconstruction: w₁·mean|d| + w₂·mean d² (hand case)', () => {
    const x = tf.tensor4d([0, 0, 0, 0], [1, 2, 2, 1]);
    const y = tf.tensor4d([1, -1, 0.5, 0], [1, 2, 2, 1]);
    const { total, l1, l2 } = reconstructionLoss(x, y, { l1: 2, l2: 3 });
    expect(l1.dataSync()[0]).toBeCloseTo(2.5 / 4, 6);
    expect(l2.dataSync()[0]).toBeCloseTo(2.25 / 4, 6);
    expect(total.dataSync()[0]).toBeCloseTo(2 * (2.5 / 4) + 3 * (2.25 / 4), 6);
    expect(() => reconstructionLoss(x, tf.zeros([1, 2, 2, 3]) as tf.Tensor4D, { l1: 1, l2: 1 })).toThrow(
      /differ in shape/,
    );
  });

  it('hinge: L_D = ½(E[relu(1 − D(x))] + E[relu(1 + D(x̂))]), L_G = −E[D(x̂)]', () => {
    const real = tf.tensor1d([2, 0.5]); // relu(1 − ·) = 0, 0.5
    const fake = tf.tensor1d([-2, 1]); // relu(1 + ·) = 0, 2
    expect(hingeDiscriminatorLoss(real, fake).dataSync()[0]).toBeCloseTo(0.5 * (0.25 + 1), 6);
    expect(hingeGeneratorLoss(fake).dataSync()[0]).toBeCloseTo(0.5, 6);
  });

  it('adaptive weight: ‖∇rec‖ / (‖∇gan‖ + δ), clamped (eq. 7)', () => {
    expect(adaptiveGanWeight(tf.tensor1d([3, 4]), tf.tensor1d([0.6, 0.8]))).toBeCloseTo(5 / (1 + 1e-6), 9);
    expect(adaptiveGanWeight(tf.tensor1d([1]), tf.tensor1d([0]))).toBe(ADAPTIVE_WEIGHT_MAX);
  });

  it('random-conv perceptual: fixed weights, zero on identical images, grows with the difference, has a gradient', () => {
    const a = new RandomConvPerceptual();
    const b = new RandomConvPerceptual();
    const x = tf.randomUniform([2, 16, 16, 3], -1, 1, 'float32', 3) as tf.Tensor4D;
    const near = tf.add(x, tf.mul(tf.randomNormal(x.shape, 0, 1, 'float32', 4), 0.05)) as tf.Tensor4D;
    const far = tf.add(x, tf.mul(tf.randomNormal(x.shape, 0, 1, 'float32', 4), 0.5)) as tf.Tensor4D;
    expect(a.loss(x, x).dataSync()[0]).toBeCloseTo(0, 6);
    const dNear = a.loss(x, near).dataSync()[0]!;
    expect(b.loss(x, near).dataSync()[0]).toBe(dNear); // same seed → same network
    expect(a.loss(x, far).dataSync()[0]).toBeGreaterThan(dNear);
    const g = tf.grad((r: tf.Tensor) => a.loss(x, r as tf.Tensor4D))(near);
    expect(tf.norm(g).dataSync()[0]).toBeGreaterThan(0);
    expect(networkCost(a.shape(16, 16)).params).toBe(9 * 3 * 16 + 9 * 16 * 32 + 9 * 32 * 32);
    a.dispose();
    b.dispose();
  });

  it('patch discriminator: one logit per patch, ledger params = module params', () => {
    const d = new PatchDiscriminator({ rng: new Rng(1), width: 8, layers: 2 });
    const out = d.forward(tf.zeros([2, 16, 16, 3]) as tf.Tensor4D);
    expect(out.shape).toEqual([2, 4, 4, 1]);
    expect(networkCost(d.shape(16, 16)).params).toBe(d.parameterCount());
    d.dispose();
  });
});
