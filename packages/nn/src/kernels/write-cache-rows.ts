/**
 * Writing new keys or values into a preallocated KV-cache buffer in place: rows [B, H, t, D] go to positions
 * offset … offset + t − 1 of a buffer [B, H, capacity, D], and the output is the same buffer (its memory
 * shared, as tfjs's own `Reshape` shares it). A decode step then costs O(t) copies instead of the O(capacity)
 * of re-concatenating the whole cache, which on wasm also copies every input out of the heap.
 *
 * The buffer's previous tensor must not be read afterwards by anyone but the cache that owns it: tensors are
 * otherwise immutable in tfjs.
 *
 * Legend: B batch, H heads, t new positions, D head width.
 */
import type { KernelBackend, KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { NN_WRITE_CACHE_ROWS } from './kernel-names.js';
import { type CpuBackendLike, cpuValues, type WasmBackendLike, wasmView } from './tensor-data.js';

/** Attributes of `FlopmatchWriteCacheRows`: the first position written. */
export interface WriteCacheRowsAttrs extends NamedAttrMap {
  offset: number;
}

/** Copies each head's t rows of `rows` into `buffer` at row `offset` of that head's capacity rows. */
export function writeRowsInto(
  buffer: Float32Array,
  rows: Float32Array,
  heads: number,
  capacity: number,
  t: number,
  D: number,
  offset: number,
): void {
  const block = t * D;
  for (let bh = 0; bh < heads; bh++) {
    buffer.set(rows.subarray(bh * block, (bh + 1) * block), (bh * capacity + offset) * D); // buffer[b, h, offset…]
  }
}

function dims(x: TensorInfo, rows: TensorInfo): [number, number, number, number] {
  const [B, H, capacity, D] = x.shape as [number, number, number, number];
  return [B * H, capacity, rows.shape[2]!, D];
}

/** The same buffer, one more reference to it (the engine disposes each tensor's reference separately). */
function sameBuffer(backend: KernelBackend, x: TensorInfo): TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

/** wasm: writes into the heap in place. */
export const writeCacheRowsWasm: KernelConfig = {
  kernelName: NN_WRITE_CACHE_ROWS,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    const rows = inputs.rows as TensorInfo;
    const w = backend as WasmBackendLike;
    writeRowsInto(wasmView(w, x), wasmView(w, rows), ...dims(x, rows), (attrs as WriteCacheRowsAttrs).offset);
    return sameBuffer(w, x);
  },
};

/** cpu: writes into the typed array in place. */
export const writeCacheRowsCpu: KernelConfig = {
  kernelName: NN_WRITE_CACHE_ROWS,
  backendName: 'cpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    const rows = inputs.rows as TensorInfo;
    const c = backend as CpuBackendLike;
    writeRowsInto(
      cpuValues(c, x),
      cpuValues(c, rows),
      ...dims(x, rows),
      (attrs as WriteCacheRowsAttrs).offset,
    );
    return sameBuffer(c, x);
  },
};
