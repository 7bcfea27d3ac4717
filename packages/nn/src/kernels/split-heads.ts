/**
 * Splitting a fused projection into attention heads and joining them back, one pass each:
 * qkv [B, T, 3C] → q, k, v [B, H, T, D] (split along the features, then [B, T, H, D] → [B, H, T, D]), and the
 * inverse. tfjs would run a `SplitV` (on wasm every `Slice` first copies its whole input out of the heap)
 * and three transposes forward, three transposes and a `Concat` backward.
 *
 * Legend: B batch, T positions, C = H·D features per part, H heads, D head width.
 */
import type { KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { NN_JOIN_HEADS, NN_SPLIT_HEADS } from './kernel-names.js';
import { type CpuBackendLike, cpuValues, sizeOf, type WasmBackendLike, wasmView } from './tensor-data.js';

/** Attributes of both kernels: the number of heads H. */
export interface HeadsAttrs extends NamedAttrMap {
  heads: number;
}

/** Copies part p of fused [B, T, P·C] rows into (or, with `join`, out of) head-major [B, H, T, D] tensors. */
export function headsCopy(
  fused: Float32Array,
  parts: Float32Array[],
  B: number,
  T: number,
  H: number,
  D: number,
  join: boolean,
): void {
  const C = H * D;
  const P = parts.length;
  for (let b = 0; b < B; b++)
    for (let t = 0; t < T; t++) {
      const row = (b * T + t) * P * C;
      for (let p = 0; p < P; p++) {
        const part = parts[p]!;
        for (let h = 0; h < H; h++) {
          const f = row + p * C + h * D; // fused[b, t, p·C + h·D]
          const o = ((b * H + h) * T + t) * D; // part[b, h, t, 0]
          if (join) for (let d = 0; d < D; d++) fused[f + d] = part[o + d]!;
          else for (let d = 0; d < D; d++) part[o + d] = fused[f + d]!;
        }
      }
    }
}

function splitShape(x: TensorInfo, heads: number): { B: number; T: number; D: number; parts: number } {
  const [B, T, F] = x.shape as [number, number, number];
  return { B, T, D: F / 3 / heads, parts: 3 };
}

/** wasm: qkv → [q, k, v]. */
export const splitHeadsWasm: KernelConfig = {
  kernelName: NN_SPLIT_HEADS,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    const H = (attrs as HeadsAttrs).heads;
    const w = backend as WasmBackendLike;
    const { B, T, D } = splitShape(x, H);
    const outs = [0, 1, 2].map(() => w.makeOutput([B, H, T, D], 'float32'));
    headsCopy(
      wasmView(w, x),
      outs.map((o) => wasmView(w, o)),
      B,
      T,
      H,
      D,
      false,
    );
    return outs;
  },
};

/** cpu: qkv → [q, k, v]. */
export const splitHeadsCpu: KernelConfig = {
  kernelName: NN_SPLIT_HEADS,
  backendName: 'cpu',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    const H = (attrs as HeadsAttrs).heads;
    const c = backend as CpuBackendLike;
    const { B, T, D } = splitShape(x, H);
    const parts = [0, 1, 2].map(() => new Float32Array(B * H * T * D));
    headsCopy(cpuValues(c, x), parts, B, T, H, D, false);
    return parts.map((p) => c.makeTensorInfo([B, H, T, D], 'float32', p));
  },
};

function joinShape(q: TensorInfo): { B: number; H: number; T: number; D: number } {
  const [B, H, T, D] = q.shape as [number, number, number, number];
  return { B, H, T, D };
}

/** wasm: [q, k, v] → qkv. */
export const joinHeadsWasm: KernelConfig = {
  kernelName: NN_JOIN_HEADS,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend }) => {
    const parts = [inputs.q, inputs.k, inputs.v] as TensorInfo[];
    const w = backend as WasmBackendLike;
    const { B, H, T, D } = joinShape(parts[0]!);
    const out = w.makeOutput([B, T, 3 * H * D], 'float32');
    headsCopy(
      wasmView(w, out),
      parts.map((p) => wasmView(w, p)),
      B,
      T,
      H,
      D,
      true,
    );
    return out;
  },
};

/** cpu: [q, k, v] → qkv. */
export const joinHeadsCpu: KernelConfig = {
  kernelName: NN_JOIN_HEADS,
  backendName: 'cpu',
  kernelFunc: ({ inputs, backend }) => {
    const parts = [inputs.q, inputs.k, inputs.v] as TensorInfo[];
    const c = backend as CpuBackendLike;
    const { B, H, T, D } = joinShape(parts[0]!);
    const out = new Float32Array(sizeOf([B, T, 3 * H * D]));
    headsCopy(
      out,
      parts.map((p) => cpuValues(c, p)),
      B,
      T,
      H,
      D,
      true,
    );
    return c.makeTensorInfo([B, T, 3 * H * D], 'float32', out);
  },
};
