/**
 * One AdamW update of one parameter in a single pass — I. Loshchilov, F. Hutter, "Decoupled Weight Decay
 * Regularization", arXiv:1711.05101, Algorithm 2 (see `optim/adamw.ts` for the notation):
 *
 *   m ← β₁m + (1 − β₁)g,  v ← β₂v + (1 − β₂)g²,  θ ← θ(1 − ηλ) − (η/bc₁)·m / (√(v/bc₂) + ε)
 *
 * As tfjs ops the update is 12 kernels and as many passes over the parameter; a 4-layer GPT has ~50
 * parameters, so the optimizer launched a third of a train step's kernels. The arithmetic runs in float64
 * and rounds once per stored value.
 */
import type { KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { NN_ADAMW_UPDATE } from './kernel-names.js';
import { type CpuBackendLike, cpuValues, sizeOf, type WasmBackendLike, wasmView } from './tensor-data.js';

/** Attributes of `FlopmatchAdamWUpdate` (scalars of this step). */
export interface AdamWUpdateAttrs extends NamedAttrMap {
  /** η/bc₁: the learning rate over the first bias correction. */
  stepSize: number;
  /** 1/bc₂. */
  invBc2: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** 1 − ηλ (1 for parameters without decay). */
  keep: number;
}

/** Writes θ′, m′, v′ from θ, m, v, g (all of one length). */
export function adamwUpdateInto(
  p: Float32Array,
  m: Float32Array,
  v: Float32Array,
  g: Float32Array,
  out: [Float32Array, Float32Array, Float32Array],
  a: AdamWUpdateAttrs,
): void {
  const [po, mo, vo] = out;
  const { stepSize, invBc2, beta1, beta2, eps, keep } = a;
  const [c1, c2] = [1 - beta1, 1 - beta2];
  for (let i = 0; i < p.length; i++) {
    const gi = g[i]!;
    const mi = beta1 * m[i]! + c1 * gi; // m ← β₁m + (1 − β₁)g
    const vi = beta2 * v[i]! + c2 * gi * gi; // v ← β₂v + (1 − β₂)g²
    mo[i] = mi;
    vo[i] = vi;
    po[i] = p[i]! * keep - (stepSize * mi) / (Math.sqrt(vi * invBc2) + eps); // θ(1 − ηλ) − η·m̂/(√v̂ + ε)
  }
}

const INPUTS = ['p', 'm', 'v', 'g'] as const;

/** wasm: three outputs written straight into the heap. */
export const adamwUpdateWasm: KernelConfig = {
  kernelName: NN_ADAMW_UPDATE,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const w = backend as WasmBackendLike;
    const shape = (inputs.p as TensorInfo).shape;
    const outs = [0, 1, 2].map(() => w.makeOutput(shape, 'float32'));
    const [p, m, v, g] = INPUTS.map((k) => wasmView(w, inputs[k] as TensorInfo)) as [
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
    ];
    const views = outs.map((o) => wasmView(w, o)) as [Float32Array, Float32Array, Float32Array];
    adamwUpdateInto(p, m, v, g, views, attrs as AdamWUpdateAttrs);
    return outs;
  },
};

/** cpu: three new typed arrays. */
export const adamwUpdateCpu: KernelConfig = {
  kernelName: NN_ADAMW_UPDATE,
  backendName: 'cpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const c = backend as CpuBackendLike;
    const shape = (inputs.p as TensorInfo).shape;
    const [p, m, v, g] = INPUTS.map((k) => cpuValues(c, inputs[k] as TensorInfo)) as [
      Float32Array,
      Float32Array,
      Float32Array,
      Float32Array,
    ];
    const out = [0, 1, 2].map(() => new Float32Array(sizeOf(shape))) as [
      Float32Array,
      Float32Array,
      Float32Array,
    ];
    adamwUpdateInto(p, m, v, g, out, attrs as AdamWUpdateAttrs);
    return out.map((values) => c.makeTensorInfo(shape, 'float32', values));
  },
};
