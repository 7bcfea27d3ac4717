/**
 * Batched matrix products [B, m, k] · [B, k, n] → [B, m, n], and single ones [m, k] · [k, n] → [m, n].
 *
 * tfjs-backend-wasm sends only B = 1 products to XNNPACK; any B > 1 runs a scalar triple loop at ~2 GFLOP/s
 * (attention's [B·H, T, D] products took a quarter of a GPT train step). The wasm kernel here runs each of
 * the B products through XNNPACK by giving the backend's own `BatchMatMul` entry point temporary tensor ids
 * that alias the slices in place (`register_tensor` on an offset into the inputs and the output; no copy),
 * then unregisters them, which also frees the XNNPACK operator cached for that id. On cpu, and for very
 * short products (m < 8, e.g. one cached query per step) where XNNPACK's weight packing dominates, it calls
 * the backend's own kernel.
 */
import { getKernel, type KernelBackend, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { NN_BATCH_MATMUL } from './kernel-names.js';
import { type WasmBackendLike, wasmHeap, wasmOffset } from './tensor-data.js';

/** Below this many rows per product the wasm kernel hands the whole batch to tfjs's own kernel. */
export const MIN_ROWS_PER_SLICE = 8;

/** tfjs's own BatchMatMul on `backend` (no transpose flags). */
function backendBatchMatMul(backendName: string, a: TensorInfo, b: TensorInfo, backend: unknown) {
  const kernel = getKernel('BatchMatMul', backendName);
  if (!kernel) throw new Error(`BatchMatMul is not registered for backend '${backendName}'`);
  return kernel.kernelFunc({
    inputs: { a, b },
    backend: backend as KernelBackend,
    attrs: { transposeA: false, transposeB: false },
  }) as TensorInfo;
}

/** Runs the B products one XNNPACK call each, writing into one [B, m, n] output. */
function perSliceXnnpack(backend: WasmBackendLike, a: TensorInfo, b: TensorInfo): TensorInfo {
  const [B, m, k] = a.shape as [number, number, number];
  const n = b.shape[2]!;
  const run = backend.wasm._BatchMatMul!;
  const out = backend.makeOutput([B, m, n], 'float32');
  const [aOff, bOff, outOff] = [wasmOffset(backend, a), wasmOffset(backend, b), wasmOffset(backend, out)];
  const shapes = backend.wasm._malloc(24); // int32 [1, m, k] then [1, k, n]
  new Int32Array(wasmHeap(backend).buffer, shapes, 6).set([1, m, k, 1, k, n]);
  // Fresh ids from the backend's own counter, so they can never collide with a live tensor's id.
  const [ia, ib, io] = [backend.dataIdNextNumber++, backend.dataIdNextNumber++, backend.dataIdNextNumber++];
  const wasm = backend.wasm;
  try {
    for (let s = 0; s < B; s++) {
      wasm._register_tensor(ia, m * k, aOff + 4 * s * m * k);
      wasm._register_tensor(ib, k * n, bOff + 4 * s * k * n);
      wasm._register_tensor(io, m * n, outOff + 4 * s * m * n);
      run(ia, shapes, 3, ib, shapes + 12, 3, 0, 0, io);
      wasm._dispose_data(ia);
      wasm._dispose_data(ib); // also deletes the XNNPACK operator cached on this id
      wasm._dispose_data(io);
    }
  } finally {
    wasm._free(shapes);
  }
  return out;
}

/** The kernel on the wasm backend. */
export const batchMatMulWasm: KernelConfig = {
  kernelName: NN_BATCH_MATMUL,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend }) => {
    const a = inputs.a as TensorInfo;
    const b = inputs.b as TensorInfo;
    const w = backend as WasmBackendLike;
    if (a.shape.length === 2) return backendBatchMatMul('wasm', a, b, backend); // one product: XNNPACK already
    const [B, m, k] = a.shape as [number, number, number];
    const n = b.shape[2]!;
    const aliasable = typeof w.wasm._BatchMatMul === 'function' && typeof w.dataIdNextNumber === 'number';
    if (B === 1 || m < MIN_ROWS_PER_SLICE || k === 0 || m * n === 0 || !aliasable) {
      return backendBatchMatMul('wasm', a, b, backend);
    }
    return perSliceXnnpack(w, a, b);
  },
};

/** The kernel on the cpu backend: tfjs's own product. */
export const batchMatMulCpu: KernelConfig = {
  kernelName: NN_BATCH_MATMUL,
  backendName: 'cpu',
  kernelFunc: ({ inputs, backend }) =>
    backendBatchMatMul('cpu', inputs.a as TensorInfo, inputs.b as TensorInfo, backend),
};
