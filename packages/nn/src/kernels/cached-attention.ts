/**
 * Scaled dot-product attention over the filled part of a KV cache — A. Vaswani et al., "Attention Is All You
 * Need", arXiv:1706.03762, §3.2.1, eq. (1): softmax(q·kᵀ/√D + M)·v — for a few queries (a decode step) against
 * keys and values held in preallocated buffers [B, H, capacity, D] of which the first `length` positions are
 * filled. One pass per (sequence, head, query): the scores of all `length` keys, the mask, the softmax and the
 * weighted sum of values, in float64, reading the buffers in place (no slice of the cache, no product launch
 * per head).
 *
 * The queries are the last Tq of the `length` positions. Query i at absolute position p = length − Tq + i
 * sees key j when j ≤ p, or when both lie in the bidirectional prefix (p < prefixLength and j < prefixLength),
 * as `attentionBias` in `attention.ts`. Every filled key is scored, then masked (the ledger's executed count).
 *
 * Legend: B batch, H heads, Tq queries, D head width.
 */
import type { KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { NN_CACHED_ATTENTION } from './kernel-names.js';
import {
  type CpuBackendLike,
  cpuValues,
  sizeOf,
  type WasmBackendLike,
  wasmHeap,
  wasmOffset,
  wasmView,
} from './tensor-data.js';
import { type WasmSimdDots, wasmSimdDots } from './wasm-simd-dots.js';

/** Attributes of `FlopmatchCachedAttention`. */
export interface CachedAttentionAttrs extends NamedAttrMap {
  /** Filled positions of the buffers (the new ones included). */
  length: number;
  /** Leading positions that see each other bidirectionally (0 = plain causal). */
  prefixLength: number;
  /** Score scale (1/√D in eq. (1)). */
  scale: number;
}

/** Sizes of one call. */
export interface CachedAttentionDims {
  /** B·H head slices. */
  heads: number;
  /** Queries per slice. */
  queries: number;
  /** Positions per buffer slice. */
  capacity: number;
  /** Head width. */
  D: number;
}

/** Writes softmax(q·kᵀ·scale + M)·v for every slice and query into `out` [B, H, Tq, D]. */
export function cachedAttentionInto(
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  out: Float32Array,
  dims: CachedAttentionDims,
  attrs: CachedAttentionAttrs,
): void {
  const { heads, queries: Tq, capacity, D } = dims;
  const { length, prefixLength, scale } = attrs;
  const D4 = D - (D % 4); // the products run 4 lanes at a time, then the remainder
  const scores = new Float64Array(length);
  const qs = new Float64Array(D);
  const acc = new Float64Array(D);
  for (let bh = 0; bh < heads; bh++) {
    const base = bh * capacity * D; // k[b, h, 0, 0]
    for (let i = 0; i < Tq; i++) {
      const qo = (bh * Tq + i) * D;
      for (let d = 0; d < D; d++) qs[d] = q[qo + d]! * scale; // q/√D
      const p = length - Tq + i; // absolute position of query i
      const visible = Math.min(length, p < prefixLength ? Math.max(prefixLength, p + 1) : p + 1); // keys 0 … visible − 1
      let max = -Infinity;
      for (let j = 0; j < length; j++) {
        const ko = base + j * D;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        let d = 0;
        for (; d < D4; d += 4) {
          s0 += qs[d]! * k[ko + d]!;
          s1 += qs[d + 1]! * k[ko + d + 1]!;
          s2 += qs[d + 2]! * k[ko + d + 2]!;
          s3 += qs[d + 3]! * k[ko + d + 3]!;
        }
        for (; d < D; d++) s0 += qs[d]! * k[ko + d]!;
        const s = s0 + s1 + (s2 + s3); // eq. (1): q·kᵀ/√D
        scores[j] = s;
        if (j < visible && s > max) max = s;
      }
      acc.fill(0);
      let sum = 0;
      for (let j = 0; j < visible; j++) {
        const w = Math.exp(scores[j]! - max); // masked keys (j ≥ visible) get weight 0
        sum += w;
        const vo = base + j * D;
        let d = 0;
        for (; d < D4; d += 4) {
          acc[d] = acc[d]! + w * v[vo + d]!;
          acc[d + 1] = acc[d + 1]! + w * v[vo + d + 1]!;
          acc[d + 2] = acc[d + 2]! + w * v[vo + d + 2]!;
          acc[d + 3] = acc[d + 3]! + w * v[vo + d + 3]!;
        }
        for (; d < D; d++) acc[d] = acc[d]! + w * v[vo + d]!;
      }
      const inv = 1 / sum;
      for (let d = 0; d < D; d++) out[qo + d] = acc[d]! * inv; // eq. (1): softmax(·)·V
    }
  }
}

function dimsOf(q: TensorInfo, k: TensorInfo): CachedAttentionDims {
  const [B, H, Tq, D] = q.shape as [number, number, number, number];
  return { heads: B * H, queries: Tq, capacity: k.shape[2]!, D };
}

/**
 * The same attention with the products in WebAssembly SIMD (`wasm-simd-dots.ts`) over the heap in place:
 * per slice and query, the scores of all `length` keys into a scratch row, the softmax in JavaScript, then
 * the weighted sum of the visible value rows straight into the output.
 */
function cachedAttentionSimd(
  backend: WasmBackendLike,
  loops: WasmSimdDots,
  offsets: { q: number; k: number; v: number; out: number },
  dims: CachedAttentionDims,
  attrs: CachedAttentionAttrs,
): void {
  const { heads, queries: Tq, capacity, D } = dims;
  const { length, prefixLength, scale } = attrs;
  const rowBytes = 4 * D;
  const scratch = backend.wasm._malloc(4 * length); // scores, then softmax weights
  try {
    const heap = wasmHeap(backend); // after the allocation (the heap may have grown)
    const row = scratch >> 2;
    for (let bh = 0; bh < heads; bh++) {
      const base = 4 * bh * capacity * D; // byte offset of k[b, h, 0, 0]
      for (let i = 0; i < Tq; i++) {
        const qo = 4 * (bh * Tq + i) * D;
        const p = length - Tq + i; // absolute position of query i
        const visible = Math.min(length, p < prefixLength ? Math.max(prefixLength, p + 1) : p + 1);
        loops.dots(offsets.q + qo, offsets.k + base, scratch, length, rowBytes); // eq. (1): q·kᵀ, every filled key
        let max = -Infinity;
        for (let j = 0; j < visible; j++) max = Math.max(max, heap[row + j]!);
        let sum = 0;
        for (let j = 0; j < visible; j++) {
          const e = Math.exp((heap[row + j]! - max) * scale); // softmax(q·kᵀ/√D); masked keys are left out
          heap[row + j] = e;
          sum += e;
        }
        for (let j = 0; j < visible; j++) heap[row + j] = heap[row + j]! / sum;
        loops.weightedSum(scratch, offsets.v + base, offsets.out + qo, visible, rowBytes); // eq. (1): ·V
      }
    }
  } finally {
    backend.wasm._free(scratch);
  }
}

/** wasm: reads the buffers in the heap (SIMD products where the head width is a multiple of 4). */
export const cachedAttentionWasm: KernelConfig = {
  kernelName: NN_CACHED_ATTENTION,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const [q, k, v] = [inputs.q, inputs.k, inputs.v] as [TensorInfo, TensorInfo, TensorInfo];
    const w = backend as WasmBackendLike;
    const out = w.makeOutput([...q.shape], 'float32');
    const dims = dimsOf(q, k);
    const a = attrs as CachedAttentionAttrs;
    const loops = dims.D % 4 === 0 ? wasmSimdDots(w) : undefined;
    if (loops) {
      const offsets = {
        q: wasmOffset(w, q),
        k: wasmOffset(w, k),
        v: wasmOffset(w, v),
        out: wasmOffset(w, out),
      };
      cachedAttentionSimd(w, loops, offsets, dims, a);
      return out;
    }
    const views = [q, k, v, out].map((t) => wasmView(w, t)) as [
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
    ];
    cachedAttentionInto(...views, dims, a); // views after the allocation
    return out;
  },
};

/** cpu: reads the typed arrays. */
export const cachedAttentionCpu: KernelConfig = {
  kernelName: NN_CACHED_ATTENTION,
  backendName: 'cpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const [q, k, v] = [inputs.q, inputs.k, inputs.v] as TensorInfo[];
    const c = backend as CpuBackendLike;
    const out = new Float32Array(sizeOf(q!.shape));
    cachedAttentionInto(
      cpuValues(c, q!),
      cpuValues(c, k!),
      cpuValues(c, v!),
      out,
      dimsOf(q!, k!),
      attrs as CachedAttentionAttrs,
    );
    return c.makeTensorInfo([...q!.shape], 'float32', out);
  },
};
