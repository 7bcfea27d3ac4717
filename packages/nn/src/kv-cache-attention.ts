/**
 * The two operations of a preallocated KV cache — keys and values of each layer live in buffers
 * [B, H, capacity, D] that a decode step writes into and attends over, both in time proportional to what is
 * filled, never to the capacity. Attention is eq. (1) of A. Vaswani et al., "Attention Is All You Need",
 * arXiv:1706.03762, §3.2.1, under the causal mask (with an optional bidirectional prefix).
 *
 * On wasm and cpu both run nn's kernels (`FlopmatchWriteCacheRows` writes in place;
 * `FlopmatchCachedAttention` reads only the filled rows); elsewhere, and for long query blocks (a prefill),
 * they run as plain tfjs ops on the filled slice. Inference only: neither has a gradient.
 *
 * Legend: B batch, H heads, t new positions, Tq queries, D head width.
 */
import * as tf from '@tensorflow/tfjs-core';
import { scaledDotProductAttention } from './attention.js';
import { checkQkv } from './check-qkv.js';
import { ShapeError } from './errors.js';
import { MIN_ROWS_PER_SLICE } from './kernels/batch-matmul.js';
import { NN_CACHED_ATTENTION, NN_WRITE_CACHE_ROWS } from './kernels/kernel-names.js';
import { nnKernelsActive } from './kernels/ops.js';

/**
 * A zeroed key or value buffer [B, H, capacity, D] for `writeCacheRows`: a fresh buffer of its own, filled by
 * the backend (`tf.zeros` would build the zeros in JavaScript and copy them over).
 */
export function createCacheBuffer(
  batch: number,
  heads: number,
  capacity: number,
  headDim: number,
): tf.Tensor4D {
  return tf.fill([batch, heads, capacity, headDim], 0, 'float32') as tf.Tensor4D;
}

/**
 * Writes `rows` [B, H, t, D] into `buffer` [B, H, capacity, D] at positions offset … offset + t − 1 and returns
 * the buffer with them. On wasm and cpu the write happens in place and the result shares `buffer`'s memory:
 * treat `buffer` as consumed (dispose it, keep the result). Elsewhere the result is a new tensor.
 *
 * @example
 * let k = createCacheBuffer(1, 2, 8, 4);
 * const next = writeCacheRows(k, newKeys, 3); // newKeys [1, 2, 1, 4] → position 3
 * k.dispose();
 * k = next;
 */
export function writeCacheRows(buffer: tf.Tensor4D, rows: tf.Tensor4D, offset: number): tf.Tensor4D {
  const [B, H, capacity, D] = buffer.shape;
  const t = rows.shape[2];
  if (rows.rank !== 4 || rows.shape[0] !== B || rows.shape[1] !== H || rows.shape[3] !== D) {
    throw new ShapeError(
      'writeCacheRows',
      `rows [${rows.shape}] do not fit the buffer [${buffer.shape}]`,
      `pass rows [${B}, ${H}, t, ${D}]`,
    );
  }
  if (!Number.isInteger(offset) || offset < 0 || offset + t > capacity) {
    throw new ShapeError(
      'writeCacheRows',
      `positions ${offset} … ${offset + t - 1} lie outside the buffer's capacity of ${capacity}`,
      `allocate the buffer with capacity ≥ ${offset + t}`,
    );
  }
  if (nnKernelsActive(buffer, rows)) {
    return tf.engine().runKernel(NN_WRITE_CACHE_ROWS, { x: buffer, rows }, { offset }) as tf.Tensor4D;
  }
  return tf.tidy(() => {
    const parts = [
      ...(offset > 0 ? [tf.slice(buffer, [0, 0, 0, 0], [B, H, offset, D])] : []),
      rows,
      ...(offset + t < capacity
        ? [tf.slice(buffer, [0, 0, offset + t, 0], [B, H, capacity - offset - t, D])]
        : []),
    ];
    return (parts.length === 1 ? tf.clone(parts[0]!) : tf.concat(parts, 2)) as tf.Tensor4D;
  });
}

/** Options of `cachedAttention`. */
export interface CachedAttentionOptions {
  /** Filled positions of the buffers, the queries' own included (the queries are the last Tq of them). Required. */
  length: number;
  /** Leading positions (a prompt) that see each other bidirectionally. Default 0 (plain causal). */
  prefixLength?: number;
  /** Score scale. Default 1/√D (eq. (1)). */
  scale?: number;
}

/**
 * Causal attention of q [B, H, Tq, D] over the first `length` positions of key and value buffers
 * [B, H, capacity, D] → [B, H, Tq, D]; the same values `scaledDotProductAttention(q, k[:length], v[:length],
 * { mask: 'causal', prefixLength })` gives. Scores 2·Tq·length·D FLOPs per head, values as many: what the
 * ledger's decode schedule charges, whatever the capacity.
 *
 * @example
 * const o = cachedAttention(q, kBuffer, vBuffer, { length: 20 }); // q [B, H, 1, D]: the query at position 19
 */
export function cachedAttention(
  q: tf.Tensor4D,
  k: tf.Tensor4D,
  v: tf.Tensor4D,
  options: CachedAttentionOptions,
): tf.Tensor4D {
  const [B, H, Tq, D] = q.shape;
  const capacity = k.shape[2];
  const { length } = options;
  const prefixLength = options.prefixLength ?? 0;
  const scale = options.scale ?? 1 / Math.sqrt(D);
  checkQkv('cachedAttention', q, k, v, 'pass q [B, H, Tq, D] and buffers k, v [B, H, capacity, D]');
  if (!Number.isInteger(length) || length < Tq || length > capacity) {
    throw new ShapeError(
      'cachedAttention',
      `length ${length} must hold the ${Tq} queries and fit the capacity ${capacity}`,
      `pass the filled positions, ${Tq} ≤ length ≤ ${capacity}`,
    );
  }
  if (!Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > length) {
    throw new ShapeError(
      'cachedAttention',
      `prefixLength ${prefixLength} is not within the ${length} filled positions`,
      `pass 0 ≤ prefixLength ≤ ${length}`,
    );
  }
  if (Tq === 0) return tf.zeros([B, H, 0, D]) as tf.Tensor4D;
  if (Tq < MIN_ROWS_PER_SLICE && nnKernelsActive(q, k, v)) {
    return tf
      .engine()
      .runKernel(NN_CACHED_ATTENTION, { q, k, v }, { length, prefixLength, scale }) as tf.Tensor4D;
  }
  // A long block of queries (a prefill) or a backend without nn's kernels: batched products on the filled rows.
  return tf.tidy(() => {
    const filled = (t: tf.Tensor4D) =>
      length === capacity ? t : (tf.slice(t, [0, 0, 0, 0], [B, H, length, D]) as tf.Tensor4D); // [B, H, length, D]
    return scaledDotProductAttention(q, filled(k), filled(v), { mask: 'causal', prefixLength, scale });
  });
}
