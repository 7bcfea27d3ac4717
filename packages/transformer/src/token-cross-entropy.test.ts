import { checkGradients } from '@flopmatch/nn';
import { forEachBackend } from '@flopmatch/runtime/testing';
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { softmaxCrossEntropy, tokenCrossEntropy } from './token-cross-entropy.js';

/** −Σ y log softmax(x) per row, float64, by the textbook formula. */
function crossEntropy64(x: Float64Array, y: Float64Array, K: number): Float64Array {
  const M = x.length / K;
  const out = new Float64Array(M);
  for (let m = 0; m < M; m++) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, x[m * K + k]!);
    let z = 0;
    for (let k = 0; k < K; k++) z += Math.exp(x[m * K + k]! - max);
    for (let k = 0; k < K; k++) out[m] = out[m]! - y[m * K + k]! * (x[m * K + k]! - max - Math.log(z));
  }
  return out;
}

forEachBackend(['cpu', 'wasm'], (backend) => {
  it(`value and gradient match float64 finite differences (${backend})`, () => {
    const [M, K] = [5, 7];
    const x = tf.randomNormal([M, K], 0, 3, 'float32', 1) as tf.Tensor2D;
    const raw = tf.randomUniform([M, K], 0, 1, 'float32', 2);
    const y = tf.div(raw, tf.sum(raw, 1, true)) as tf.Tensor2D; // rows are distributions
    const y64 = Float64Array.from(y.dataSync());
    const report = checkGradients((a) => softmaxCrossEntropy(a as tf.Tensor2D, y), [x], {
      reference: (a) => crossEntropy64(a!, y64, K),
    });
    expect(report.checked).toBe(M * K);
    tf.dispose([x, raw, y]);
  });

  it(`stays finite for logits of ±1e4 and equals log 2 for two equal logits (${backend})`, () => {
    const big = tf.tensor2d([[1e4, -1e4, 0]]);
    const ce = softmaxCrossEntropy(big, tf.tensor2d([[0, 1, 0]]));
    expect(ce.dataSync()[0]).toBeCloseTo(2e4, 0);
    const g = tf.grad((a: tf.Tensor) =>
      tf.sum(softmaxCrossEntropy(a as tf.Tensor2D, tf.tensor2d([[0, 1, 0]]))),
    )(big);
    expect(Array.from(g.dataSync())).toEqual([1, -1, 0]);
    expect(softmaxCrossEntropy(tf.tensor2d([[3, 3]]), tf.tensor2d([[1, 0]])).dataSync()[0]).toBeCloseTo(
      Math.LN2,
      6,
    );
  });

  it(`token loss: one-hot targets, label smoothing and position weights (${backend})`, () => {
    const [N, T, K] = [2, 3, 4];
    const logits = tf.randomNormal([N, T, K], 0, 1, 'float32', 3) as tf.Tensor3D;
    const ids = tf.tensor2d(
      [
        [0, 3, 1],
        [2, 2, 0],
      ],
      [N, T],
      'int32',
    );
    const x = Float64Array.from(logits.dataSync());
    const idArr = [0, 3, 1, 2, 2, 0];
    const target = (eps: number) => {
      const y = new Float64Array(N * T * K).fill(eps / K);
      idArr.forEach((id, m) => {
        y[m * K + id] = y[m * K + id]! + 1 - eps;
      });
      return y;
    };
    const per = crossEntropy64(x, target(0), K);
    const mean = per.reduce((a, v) => a + v, 0) / per.length;
    expect(tokenCrossEntropy(logits, ids).dataSync()[0]).toBeCloseTo(mean, 5);
    const smooth = crossEntropy64(x, target(0.1), K);
    expect(tokenCrossEntropy(logits, ids, { labelSmoothing: 0.1 }).dataSync()[0]).toBeCloseTo(
      smooth.reduce((a, v) => a + v, 0) / smooth.length,
      5,
    );
    const w = tf.tensor2d([
      [1, 0, 1],
      [0, 0, 1],
    ]);
    expect(tokenCrossEntropy(logits, ids, { weights: w }).dataSync()[0]).toBeCloseTo(
      (per[0]! + per[2]! + per[5]!) / 3,
      5,
    );
    expect(() => tokenCrossEntropy(logits, ids, { labelSmoothing: 1 })).toThrow(/outside \[0, 1\)/);
    expect(() => tokenCrossEntropy(logits, tf.tensor2d([[0, 1]], [1, 2], 'int32'))).toThrow(
      /do not fit logits \[2,3,4\]/,
    );
    tf.dispose([logits, ids, w]);
  });

  it(`token loss with label smoothing and weights: gradient matches float64 finite differences (${backend})`, () => {
    const [N, T, K] = [2, 3, 5];
    const idArr = [4, 0, 2, 1, 1, 3];
    const weights = [1, 0, 2, 1, 0, 1];
    const ids = tf.tensor2d(idArr, [N, T], 'int32');
    const w = tf.tensor2d(weights, [N, T]);
    const logits = tf.randomNormal([N, T, K], 0, 2, 'float32', 4);
    const eps = 0.2;
    const reference = (x: Float64Array) => {
      const y = new Float64Array(N * T * K).fill(eps / K);
      idArr.forEach((id, m) => {
        y[m * K + id] = y[m * K + id]! + 1 - eps;
      });
      const per = crossEntropy64(x, y, K);
      const total = per.reduce((a, v, m) => a + weights[m]! * v, 0);
      return [total / weights.reduce((a, v) => a + v, 0)]; // Σ w·ce / Σ w
    };
    const report = checkGradients(
      (x) => tokenCrossEntropy(x as tf.Tensor3D, ids, { weights: w, labelSmoothing: eps }),
      [logits],
      { reference },
    );
    expect(report.checked).toBe(N * T * K);
    tf.dispose([ids, w, logits]);
  });

  it(`token loss stays finite for logits of ±1e4, with and without smoothing (${backend})`, () => {
    const logits = tf.tensor3d([[[1e4, -1e4, 0]]]);
    const ids = tf.tensor2d([[1]], [1, 1], 'int32');
    expect(tokenCrossEntropy(logits, ids).dataSync()[0]).toBeCloseTo(2e4, 0);
    // ε = 0.3: 0.7·2e4 + 0.3·(logsumexp − mean) = 0.7·2e4 + 0.3·(1e4 − 0) = 1.7e4
    expect(tokenCrossEntropy(logits, ids, { labelSmoothing: 0.3 }).dataSync()[0]).toBeCloseTo(1.7e4, 0);
    const g = tf.grad((x: tf.Tensor) => tokenCrossEntropy(x as tf.Tensor3D, ids, { labelSmoothing: 0.3 }))(
      logits,
    );
    const expected = [1 - 0.1, -0.7 - 0.1, -0.1]; // p − y with p = (1, 0, 0), y = 0.7·onehot(1) + 0.1
    for (const [k, v] of g.dataSync().entries()) expect(v).toBeCloseTo(expected[k]!, 5);
    tf.dispose([logits, ids, g]);
  });
});
