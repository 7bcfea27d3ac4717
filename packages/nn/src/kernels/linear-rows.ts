/**
 * An affine map of the last axis in one kernel, for inference: x [..., in] · W [in, out] + b → [..., out].
 * tfjs's `fused.matMul` on a rank-3 input costs five reshapes and an op scope around the product (flatten,
 * the op's own 3-D views of both operands, its output, unflatten); here the product runs through the
 * backend's own `_FusedMatMul` kernel on 3-D views of the same memory (a view is a shape, as tfjs's
 * `Reshape` is). No gradient: `linear` uses it only outside a gradient tape.
 *
 * (GELU fused into this kernel as a JS loop was measured and dropped: `Math.exp` over [32, 512] cost ~180 µs
 * CPU against ~100 µs for tfjs's six vectorised GELU kernels.)
 *
 * Legend: M rows (every leading axis), K = in, N = out.
 */
import { getKernel, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { NN_LINEAR } from './kernel-names.js';

/** `t` seen with another shape: the same memory, as tfjs's `Reshape` returns it. */
function view(t: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: t.dataId, shape, dtype: t.dtype };
}

/** The product on `backend`'s own `_FusedMatMul` over [1, M, K] · [1, K, N] views, returned as [..., N]. */
function product(backendName: string, inputs: Record<string, unknown>, backend: unknown): TensorInfo {
  const x = inputs.x as TensorInfo;
  const w = inputs.w as TensorInfo;
  const bias = inputs.bias as TensorInfo | undefined;
  const [K, N] = w.shape as [number, number];
  const M = K === 0 ? 0 : x.shape.reduce((a, b) => a * b, 1) / K;
  const kernel = getKernel('_FusedMatMul', backendName);
  if (!kernel) throw new Error(`_FusedMatMul is not registered for backend '${backendName}'`);
  const out = kernel.kernelFunc({
    inputs: { a: view(x, [1, M, K]), b: view(w, [1, K, N]), ...(bias ? { bias } : {}) },
    backend: backend as never,
    attrs: { transposeA: false, transposeB: false, activation: 'linear', leakyreluAlpha: 0 },
  }) as TensorInfo; // [1, M, N]
  return view(out, [...x.shape.slice(0, -1), N]); // [..., N]
}

/** wasm: XNNPACK's product with bias. */
export const linearRowsWasm: KernelConfig = {
  kernelName: NN_LINEAR,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend }) => product('wasm', inputs, backend),
};

/** cpu: tfjs's product with bias. */
export const linearRowsCpu: KernelConfig = {
  kernelName: NN_LINEAR,
  backendName: 'cpu',
  kernelFunc: ({ inputs, backend }) => product('cpu', inputs, backend),
};
