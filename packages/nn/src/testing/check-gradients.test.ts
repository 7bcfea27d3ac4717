import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkGradients, GradientCheckError } from './check-gradients.js';

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
});

const cube = (x: tf.Tensor) => tf.mul(tf.mul(x, x), x);
const cubeRef = (x: Float64Array) => x.map((v) => v ** 3);

/** x³ with a deliberately wrong gradient (2x² instead of 3x²). */
const wrongCube = tf.customGrad((x, save) => {
  (save as tf.GradSaveFunc)([x as tf.Tensor]);
  return {
    value: cube(x as tf.Tensor),
    gradFunc: (dy: tf.Tensor, [sx]: tf.Tensor[]) => [tf.mul(dy, tf.mul(tf.mul(sx!, sx!), 2))],
  };
});

describe('checkGradients', () => {
  it('passes a correct gradient against the float64 reference, with tiny error', () => {
    const r = checkGradients(cube, [tf.tensor1d([0.5, -1, 2])], { reference: cubeRef });
    expect(r.checked).toBe(3);
    expect(r.maxError).toBeLessThan(1e-5);
    expect(r.valueError).toBeLessThan(1e-6);
  });

  it('catches a wrong gradient and names the entry', () => {
    expect(() =>
      checkGradients((x) => wrongCube(x), [tf.tensor1d([0.5, -1, 2])], { reference: cubeRef }),
    ).toThrow(GradientCheckError);
    expect(() =>
      checkGradients((x) => wrongCube(x), [tf.tensor1d([0.5, -1, 2])], { reference: cubeRef }),
    ).toThrow(
      /gradient of input 0 entry \d: analytic .* vs numeric .* \(error .* > tol 0.001; 3 entries checked on cpu\)/,
    );
  });

  it('catches a wrong gradient in float32 self-check mode too, and passes the right one', () => {
    expect(checkGradients(cube, [tf.tensor1d([0.5, -1, 2])]).maxError).toBeLessThan(5e-2);
    expect(() => checkGradients((x) => wrongCube(x), [tf.tensor1d([0.5, -1, 2])])).toThrow(
      GradientCheckError,
    );
  });

  it('catches a forward value that differs from the reference', () => {
    expect(() =>
      checkGradients(cube, [tf.tensor1d([1, 2])], { reference: (x) => x.map((v) => v ** 3 + 0.1) }),
    ).toThrow(/forward value differs from the reference/);
  });

  it('exercises every output direction: Σ LayerNorm-like outputs would hide errors, the cotangent does not', () => {
    // f(x) = x − mean(x): Σ f ≡ 0, so a check on Σ f alone could not see a wrong gradient.
    const centred = tf.customGrad((x, save) => {
      (save as tf.GradSaveFunc)([]);
      return {
        value: tf.sub(x as tf.Tensor, tf.mean(x as tf.Tensor)),
        gradFunc: (dy: tf.Tensor) => [tf.zerosLike(dy)],
      };
    });
    expect(() =>
      checkGradients((x) => centred(x), [tf.tensor1d([1, 2, 4])], {
        reference: (x) => {
          const m = (x[0]! + x[1]! + x[2]!) / 3;
          return x.map((v) => v - m);
        },
      }),
    ).toThrow(GradientCheckError);
  });

  it('says when the reference returns the wrong number of values', () => {
    expect(() => checkGradients(cube, [tf.tensor1d([1, 2])], { reference: () => [1] })).toThrow(
      /reference returned 1 values, fn returned 2/,
    );
  });
});
