/**
 * Direct access to a tensor's float32 values inside a kernel, on the two CPU backends nn registers kernels
 * for. wasm keeps every tensor in its WebAssembly heap (a `memoryOffset` into `HEAPF32`); cpu keeps a typed
 * array per tensor. Kernels read their inputs and write their outputs through these views, with no copy.
 */
import type { KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';

/** The parts of tfjs-backend-wasm's `BackendWasm` the kernels use (not exported as types by tfjs). */
export interface WasmBackendLike extends KernelBackend {
  wasm: {
    HEAPF32: Float32Array;
    /** The shared memory of the threaded build (absent in the single-threaded one). */
    wasmMemory?: { buffer: ArrayBufferLike };
    _register_tensor(id: number, size: number, memoryOffset: number): void;
    _dispose_data(id: number): void;
    _malloc(bytes: number): number;
    _free(ptr: number): void;
    _BatchMatMul?(
      aId: number,
      aShapePtr: number,
      aRank: number,
      bId: number,
      bShapePtr: number,
      bRank: number,
      transposeA: number,
      transposeB: number,
      outId: number,
    ): void;
  };
  dataIdMap: { get(dataId: object): { id: number; memoryOffset: number } | undefined };
  dataIdNextNumber: number;
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
}

/** The parts of tfjs-backend-cpu's `MathBackendCPU` the kernels use. */
export interface CpuBackendLike extends KernelBackend {
  data: { get(dataId: object): { values: ArrayLike<number> | null } | undefined };
  makeTensorInfo(shape: number[], dtype: 'float32', values?: Float32Array): TensorInfo;
}

/** Number of elements of `shape`. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** The WebAssembly heap as floats (re-read after any allocation: the heap may have grown). */
export function wasmHeap(backend: WasmBackendLike): Float32Array {
  const memory = backend.wasm.wasmMemory;
  const heap = backend.wasm.HEAPF32;
  return memory && heap.buffer !== memory.buffer ? new Float32Array(memory.buffer) : heap;
}

/** Byte offset of `t`'s values in the wasm heap. */
export function wasmOffset(backend: WasmBackendLike, t: TensorInfo): number {
  const entry = backend.dataIdMap.get(t.dataId);
  if (!entry) throw new Error(`tensor ${t.dataId} is not on the wasm backend`);
  return entry.memoryOffset;
}

/** `t`'s float32 values as a view into the wasm heap. */
export function wasmView(backend: WasmBackendLike, t: TensorInfo): Float32Array {
  return new Float32Array(wasmHeap(backend).buffer, wasmOffset(backend, t), sizeOf(t.shape));
}

/** `t`'s float32 values on the cpu backend. */
export function cpuValues(backend: CpuBackendLike, t: TensorInfo): Float32Array {
  const values = backend.data.get(t.dataId)?.values;
  if (!(values instanceof Float32Array)) throw new Error(`tensor ${t.dataId} has no float32 values on cpu`);
  return values;
}
