import { initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyRope2d, rope2dTables } from './rope-2d.js';
import { sincos2d } from './sincos-2d.js';

beforeAll(async () => {
  await initRuntime({ backend: 'wasm' });
});

describe('2-D RoPE', () => {
  it('makes q·k depend only on the offset between grid positions (RoFormer eq. (16))', () => {
    const [h, w, D] = [4, 5, 8];
    const { cos, sin } = rope2dTables(h, w, D);
    const n = h * w;
    const q = tf.tile(tf.randomNormal([1, 1, 1, D], 0, 1, 'float32', 1), [1, 1, n, 1]) as tf.Tensor4D;
    const k = tf.tile(tf.randomNormal([1, 1, 1, D], 0, 1, 'float32', 2), [1, 1, n, 1]) as tf.Tensor4D;
    const cosT = tf.tensor2d(cos, [n, D]);
    const sinT = tf.tensor2d(sin, [n, D]);
    const rq = tf.reshape(applyRope2d(q, cosT, sinT), [n, D]) as tf.Tensor2D;
    const rk = tf.reshape(applyRope2d(k, cosT, sinT), [n, D]) as tf.Tensor2D;
    const scores = tf.matMul(rq, rk, false, true).arraySync() as number[][]; // [n, n]
    const at = (r: number, c: number) => r * w + c;
    // Same offset (+1 row, +2 columns) from two different places: same score.
    expect(scores[at(0, 0)]![at(1, 2)]).toBeCloseTo(scores[at(2, 1)]![at(3, 3)]!, 4);
    // Different offsets: different scores.
    expect(Math.abs(scores[at(0, 0)]![at(1, 2)]! - scores[at(0, 0)]![at(2, 1)]!)).toBeGreaterThan(1e-3);
    // Norms are preserved (a rotation).
    const qn = tf.norm(rq, 'euclidean', 1).dataSync();
    for (const v of qn) expect(v).toBeCloseTo(qn[0]!, 4);
  });

  it('refuses a head width that is not a multiple of 4', () => {
    expect(() => rope2dTables(2, 2, 6)).toThrow(/divisible by 4, got 6/);
  });
});

describe('2-D sin-cos positions', () => {
  it('puts sin(0) = 0 and cos(0) = 1 at the origin and encodes row and column separately', () => {
    const t = sincos2d(2, 3, 8); // [6, 8]: channels 0–3 row, 4–7 column
    expect(Array.from(t.slice(0, 8))).toEqual([0, 0, 1, 1, 0, 0, 1, 1]);
    const row = (j: number) => Array.from(t.slice(j * 8, j * 8 + 4));
    const col = (j: number) => Array.from(t.slice(j * 8 + 4, j * 8 + 8));
    expect(row(1)).toEqual(row(0)); // same row 0, columns 0 and 1
    expect(col(3)).toEqual(col(0)); // same column 0, rows 1 and 0
    expect(t[3 * 8 + 0]).toBeCloseTo(Math.sin(1), 6); // row 1, frequency 1
    expect(t[3 * 8 + 1]).toBeCloseTo(Math.sin(1 / 100), 6); // row 1, frequency 10000^(−1/2)
    expect(() => sincos2d(2, 2, 6)).toThrow(/divisible by 4/);
  });
});
