// The preallocated KV cache's two operations against the tfjs ops they replace (concatenation, slicing and
// `scaledDotProductAttention`) on every backend nn registers kernels for, plus their FLOP formulas and errors.
import { forEachBackend } from '@flopmatch/runtime/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { scaledDotProductAttention } from './attention.js';
import { NN_CACHED_ATTENTION, NN_KERNEL_FLOPS, NN_WRITE_CACHE_ROWS } from './kernels/kernel-names.js';
import { cachedAttention, createCacheBuffer, writeCacheRows } from './kv-cache-attention.js';
import { randn } from './testing/tensors.js';

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  expect(a.shape).toEqual(b.shape);
  const [x, y] = [a.dataSync(), b.dataSync()];
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]! - y[i]!));
  return m;
}

/** A buffer whose first `length` positions hold `filled` and whose tail holds NaN (must never be read). */
function poisoned(filled: tf.Tensor4D, capacity: number): tf.Tensor4D {
  const [B, H, length, D] = filled.shape;
  let buffer = createCacheBuffer(B, H, capacity, D);
  const next = writeCacheRows(buffer, filled, 0);
  buffer.dispose();
  buffer = next;
  if (length < capacity) {
    const nan = tf.fill([B, H, capacity - length, D], Number.NaN) as tf.Tensor4D;
    const withTail = writeCacheRows(buffer, nan, length);
    tf.dispose([buffer, nan]);
    buffer = withTail;
  }
  return buffer;
}

forEachBackend(['cpu', 'wasm'], (backend) => {
  describe(`writeCacheRows (${backend})`, () => {
    it('writes rows at an offset, leaves the rest, and reuses the buffer (no new memory)', () => {
      const [B, H, capacity, D] = [2, 3, 5, 4];
      const base = randn([B, H, capacity, D], 1) as tf.Tensor4D;
      const buffer = tf.clone(base) as tf.Tensor4D;
      const rows = randn([B, H, 2, D], 2) as tf.Tensor4D;
      const buffers = tf.memory().numDataBuffers;
      const written = writeCacheRows(buffer, rows, 3); // positions 3, 4: the last two (capacity boundary)
      expect(tf.memory().numDataBuffers).toBe(buffers); // no new buffer: written in place
      const expected = tf.concat([tf.slice(base, [0, 0, 0, 0], [B, H, 3, D]), rows], 2);
      expect(maxAbsDiff(written, expected)).toBe(0);
      buffer.dispose();
      expect(maxAbsDiff(written, expected)).toBe(0); // the result outlives the consumed input
      const first = writeCacheRows(written, rows, 0); // positions 0, 1
      const expectedFirst = tf.concat([rows, tf.slice(expected, [0, 0, 2, 0], [B, H, 3, D])], 2);
      expect(maxAbsDiff(first, expectedFirst)).toBe(0);
      tf.dispose([base, rows, written, first, expected, expectedFirst]);
    });

    it('falls back to concatenation where no kernel runs (int32 buffers), with the same values', () => {
      const buffer = tf.tensor4d([1, 2, 3, 4, 5, 6], [1, 2, 3, 1], 'int32');
      const written = writeCacheRows(buffer, tf.tensor4d([7, 8], [1, 2, 1, 1], 'int32'), 1);
      expect(Array.from(written.dataSync())).toEqual([1, 7, 3, 4, 8, 6]);
      expect(Array.from(buffer.dataSync())).toEqual([1, 2, 3, 4, 5, 6]); // a new tensor: the input is intact
      tf.dispose([buffer, written]);
    });

    it('refuses rows past the capacity and rows of another shape, naming the fix', () => {
      const buffer = createCacheBuffer(1, 2, 4, 3);
      const two = tf.zeros([1, 2, 2, 3]) as tf.Tensor4D;
      expect(() => writeCacheRows(buffer, two, 3)).toThrow(
        /positions 3 … 4 lie outside the buffer's capacity of 4[\s\S]*capacity ≥ 5/,
      );
      expect(() => writeCacheRows(buffer, tf.zeros([1, 1, 1, 3]) as tf.Tensor4D, 0)).toThrow(
        /do not fit the buffer \[1,2,4,3\][\s\S]*\[1, 2, t, 3\]/,
      );
      tf.dispose([buffer, two]);
    });
  });

  describe(`cachedAttention (${backend})`, () => {
    const cases: Array<{
      Tq: number;
      length: number;
      capacity: number;
      prefix: number;
      label: string;
      /** Head width; not a multiple of 4 takes the JavaScript loop on wasm. Default 8 (SIMD on wasm). */
      D?: number;
    }> = [
      { Tq: 1, length: 1, capacity: 6, prefix: 0, label: 'the first position of an empty cache' },
      { Tq: 1, length: 6, capacity: 9, prefix: 0, label: 'one decode step, half full' },
      { Tq: 1, length: 9, capacity: 9, prefix: 0, label: 'one decode step at the capacity boundary' },
      { Tq: 2, length: 7, capacity: 8, prefix: 6, label: 'a head width of 6 (no SIMD lanes)', D: 6 },
      {
        Tq: 3,
        length: 7,
        capacity: 10,
        prefix: 5,
        label: 'three queries, two inside a bidirectional prefix',
      },
      { Tq: 4, length: 4, capacity: 8, prefix: 4, label: 'a short prefill, prefix-LM' },
      { Tq: 9, length: 9, capacity: 12, prefix: 3, label: 'a long prefill (batched products)' },
    ];
    for (const { Tq, length, capacity, prefix, label, D = 8 } of cases) {
      it(`equals scaledDotProductAttention on the filled rows: ${label}`, () => {
        const [B, H] = [2, 3];
        const q = randn([B, H, Tq, D], Tq * 7 + length) as tf.Tensor4D;
        const kFilled = randn([B, H, length, D], 11 + length) as tf.Tensor4D;
        const vFilled = randn([B, H, length, D], 13 + length) as tf.Tensor4D;
        const [k, v] = [poisoned(kFilled, capacity), poisoned(vFilled, capacity)]; // NaN past `length`
        const ours = cachedAttention(q, k, v, { length, prefixLength: prefix });
        const ref = scaledDotProductAttention(q, kFilled, vFilled, { mask: 'causal', prefixLength: prefix });
        expect(ours.shape).toEqual([B, H, Tq, D]);
        expect(maxAbsDiff(ours, ref)).toBeLessThan(1e-5); // and finite: the NaN tail was never read
        tf.dispose([q, kFilled, vFilled, k, v, ours, ref]);
      });
    }

    it('takes an explicit scale and refuses a length outside the buffer', () => {
      const q = randn([1, 1, 1, 4], 1) as tf.Tensor4D;
      const k = randn([1, 1, 3, 4], 2) as tf.Tensor4D;
      const v = randn([1, 1, 3, 4], 3) as tf.Tensor4D;
      const ours = cachedAttention(q, k, v, { length: 3, scale: 0.3 });
      const ref = scaledDotProductAttention(q, k, v, { mask: 'causal', scale: 0.3 });
      expect(maxAbsDiff(ours, ref)).toBeLessThan(1e-6);
      expect(() => cachedAttention(q, k, v, { length: 4 })).toThrow(/length 4 must .* capacity 3/);
      expect(() => cachedAttention(q, k, v, { length: 2, prefixLength: 3 })).toThrow(/prefixLength 3/);
      expect(() => cachedAttention(q, k, tf.zeros([1, 1, 2, 4]) as tf.Tensor4D, { length: 2 })).toThrow(
        /do not fit/,
      );
      tf.dispose([q, k, v, ours, ref]);
    });
  });
});

describe('cache kernels in the FLOP table', () => {
  it('a cache write is data movement; attention scores and values cover the filled keys only', () => {
    expect(
      NN_KERNEL_FLOPS[NN_WRITE_CACHE_ROWS]([
        [2, 3, 10, 4],
        [2, 3, 1, 4],
      ]),
    ).toBe(0);
    // B = 2, H = 3, one query, 5 filled keys of D = 4: 2·(2·4) FLOPs per pair in the products, 5 in softmax.
    const shapes = [
      [2, 3, 1, 4],
      [2, 3, 10, 4],
      [2, 3, 10, 4],
    ];
    expect(NN_KERNEL_FLOPS[NN_CACHED_ATTENTION](shapes, { length: 5 })).toBe(2 * 3 * 5 * (16 + 5));
    expect(NN_KERNEL_FLOPS[NN_CACHED_ATTENTION](shapes, { length: 10 })).toBe(2 * 3 * 10 * 21);
  });
});
