/**
 * Layer normalisation of every row in one pass, for inference — J. L. Ba, J. R. Kiros, G. E. Hinton, "Layer
 * Normalization", arXiv:1607.06450, §3. tfjs would run Mean, Sub, Square, Mean, Add, Rsqrt, Mul (and Mul,
 * Add for γ, β): nine kernel launches per norm, which at decode size (32 rows of 128) cost more in launch
 * overhead than in arithmetic. No gradient: `layerNorm` uses it only outside a gradient tape.
 *
 * Notation: x̂ = (x − μ)/√(σ² + ε) per row (biased variance), y = γ ⊙ x̂ + β. Legend: M rows, C features.
 */
import type { KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { NN_LAYER_NORM } from './kernel-names.js';
import { type CpuBackendLike, cpuValues, sizeOf, type WasmBackendLike, wasmView } from './tensor-data.js';

/** Attributes of `FlopmatchLayerNorm`: ε added to the variance. */
export interface LayerNormRowsAttrs extends NamedAttrMap {
  eps: number;
}

/** y = γ ⊙ (x − μ)/√(σ² + ε) + β over each row of C values (γ, β optional), accumulated in float64. */
export function layerNormRows(
  x: Float32Array,
  y: Float32Array,
  C: number,
  eps: number,
  gamma: Float32Array | undefined,
  beta: Float32Array | undefined,
): void {
  const M = C === 0 ? 0 : x.length / C;
  for (let m = 0; m < M; m++) {
    const o = m * C;
    let sum = 0;
    for (let c = 0; c < C; c++) sum += x[o + c]!;
    const mu = sum / C; // μ
    let sq = 0;
    for (let c = 0; c < C; c++) {
      const d = x[o + c]! - mu;
      sq += d * d;
    }
    const r = 1 / Math.sqrt(sq / C + eps); // 1/√(σ² + ε), eq. (3)
    for (let c = 0; c < C; c++) {
      let v = (x[o + c]! - mu) * r; // x̂
      if (gamma) v *= gamma[c]!;
      if (beta) v += beta[c]!;
      y[o + c] = v;
    }
  }
}

function lastAxis(x: TensorInfo): number {
  return x.shape[x.shape.length - 1] ?? 1;
}

/** wasm: reads and writes the heap. */
export const layerNormRowsWasm: KernelConfig = {
  kernelName: NN_LAYER_NORM,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    const { gamma, beta } = inputs as { gamma?: TensorInfo; beta?: TensorInfo };
    const w = backend as WasmBackendLike;
    const out = w.makeOutput([...x.shape], 'float32');
    layerNormRows(
      wasmView(w, x),
      wasmView(w, out), // views taken after the allocation (the heap may have grown)
      lastAxis(x),
      (attrs as LayerNormRowsAttrs).eps,
      gamma && wasmView(w, gamma),
      beta && wasmView(w, beta),
    );
    return out;
  },
};

/** cpu: typed arrays. */
export const layerNormRowsCpu: KernelConfig = {
  kernelName: NN_LAYER_NORM,
  backendName: 'cpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    const { gamma, beta } = inputs as { gamma?: TensorInfo; beta?: TensorInfo };
    const c = backend as CpuBackendLike;
    const y = new Float32Array(sizeOf(x.shape));
    layerNormRows(
      cpuValues(c, x),
      y,
      lastAxis(x),
      (attrs as LayerNormRowsAttrs).eps,
      gamma && cpuValues(c, gamma),
      beta && cpuValues(c, beta),
    );
    return c.makeTensorInfo([...x.shape], 'float32', y);
  },
};
