import { checkGradients } from '@flopmatch/nn';
import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { l2Normalize, symmetricInfoNce } from './info-nce.js';

beforeAll(async () => {
  await initRuntime({ backend: 'cpu' });
});

/** CLIP Figure 3 in float64: ½(CE over rows + CE over columns) of (I·Tᵀ)·e^t with labels 0..N−1. */
function reference(img: ArrayLike<number>, txt: ArrayLike<number>, t: number, n: number, e: number): number {
  const logits = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      let s = 0;
      for (let k = 0; k < e; k++) s += img[i * e + k]! * txt[j * e + k]!;
      return s * Math.exp(t);
    }),
  );
  const ce = (row: number[], y: number) => {
    const m = Math.max(...row);
    return m + Math.log(row.reduce((a, v) => a + Math.exp(v - m), 0)) - row[y]!;
  };
  let rows = 0;
  let cols = 0;
  for (let i = 0; i < n; i++) {
    rows += ce(logits[i]!, i);
    cols += ce(
      logits.map((r) => r[i]!),
      i,
    );
  }
  return (rows / n + cols / n) / 2;
}

describe('symmetricInfoNce', () => {
  it('matches the float64 reference and is log N for identical embeddings at scale 0', () => {
    const img = tf.randomNormal([5, 4], 0, 1, 'float32', 1) as tf.Tensor2D;
    const txt = tf.randomNormal([5, 4], 0, 1, 'float32', 2) as tf.Tensor2D;
    const loss = symmetricInfoNce(img, txt, tf.scalar(0.7)).dataSync()[0]!;
    expect(loss).toBeCloseTo(reference(img.dataSync(), txt.dataSync(), 0.7, 5, 4), 4);
    const same = tf.ones([6, 3]) as tf.Tensor2D;
    expect(symmetricInfoNce(same, same, tf.scalar(0)).dataSync()[0]).toBeCloseTo(Math.log(6), 5);
  });

  it('falls as matched pairs align: orthonormal pairs at a high scale give a loss near 0', () => {
    const eye = tf.eye(4) as tf.Tensor2D;
    expect(symmetricInfoNce(eye, eye, tf.scalar(Math.log(100))).dataSync()[0]).toBeLessThan(1e-3);
  });

  it('has the gradient of the float64 reference in both embeddings and the log scale', () => {
    const [n, e] = [4, 3];
    checkGradients(
      (i, t, s) => symmetricInfoNce(i as tf.Tensor2D, t as tf.Tensor2D, s!),
      [
        tf.randomNormal([n, e], 0, 0.5, 'float32', 3),
        tf.randomNormal([n, e], 0, 0.5, 'float32', 4),
        tf.scalar(0.4),
      ],
      { reference: (i, t, s) => [reference(i, t, s[0]!, n, e)] },
    );
  });

  it('l2Normalize gives unit rows', () => {
    const y = l2Normalize(
      tf.tensor2d([
        [3, 4],
        [0, -2],
      ]),
    ).dataSync();
    expect(Array.from(y).map((v) => Math.round(v * 1e6) / 1e6)).toEqual([0.6, 0.8, 0, -1]);
  });

  it('refuses embeddings of different shapes', () => {
    expect(() =>
      symmetricInfoNce(tf.zeros([2, 3]) as tf.Tensor2D, tf.zeros([3, 3]) as tf.Tensor2D, tf.scalar(0)),
    ).toThrow(/differ/);
  });
});
