// nn's kernels against the tfjs ops they replace, forward and gradient, on every backend they are
// registered for; plus the FLOP table and the registry's failure modes.
import { forEachBackend } from '@flopmatch/runtime/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { randn } from '../testing/tensors.js';
import { MIN_ROWS_PER_SLICE } from './batch-matmul.js';
import { gradBAsATransposeDy } from './gradients.js';
import {
  NN_ADAMW_UPDATE,
  NN_BATCH_MATMUL,
  NN_COLUMN_SUM,
  NN_JOIN_HEADS,
  NN_KERNEL_FLOPS,
  NN_LAYER_NORM,
  NN_LINEAR,
  NN_SPLIT_HEADS,
  NN_SWAP_LAST_AXES,
} from './kernel-names.js';
import {
  adamwUpdateKernel,
  batchMatMulKernel,
  columnSum,
  layerNormKernel,
  linearKernel,
  nnKernelsActive,
  splitHeads3,
  swapLastAxes,
} from './ops.js';
import { NN_KERNEL_BACKENDS, NN_KERNEL_CONFIGS, registerKernelSet } from './register-all.js';

/** max |a − b| / (1 + max |b|) over two tensors of equal shape. */
function relError(a: tf.Tensor, b: tf.Tensor): number {
  expect(a.shape).toEqual(b.shape);
  const [x, y] = [a.dataSync(), b.dataSync()];
  let err = 0;
  let scale = 0;
  for (let i = 0; i < y.length; i++) {
    err = Math.max(err, Math.abs(x[i]! - y[i]!));
    scale = Math.max(scale, Math.abs(y[i]!));
  }
  return err / (1 + scale);
}

/** Values and gradients (under a random cotangent per output) of `ours` and `ref` agree to float32 precision. */
function expectSameFunction(
  ours: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[],
  ref: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[],
  inputs: tf.Tensor[],
  tol = 1e-5,
): void {
  const outs = [ours(...inputs)].flat();
  const refs = [ref(...inputs)].flat();
  expect(outs).toHaveLength(refs.length);
  for (const [i, o] of outs.entries()) expect(relError(o, refs[i]!)).toBeLessThanOrEqual(tol);
  const weights = refs.map((r, i) => randn(r.shape, 100 + i));
  const loss =
    (f: typeof ours) =>
    (...xs: tf.Tensor[]) =>
      tf.addN([f(...xs)].flat().map((o, i) => tf.sum(tf.mul(o, weights[i]!))));
  const g = tf.grads(loss(ours))(inputs);
  const gRef = tf.grads(loss(ref))(inputs);
  for (const [i, gi] of g.entries()) expect(relError(gi, gRef[i]!)).toBeLessThanOrEqual(tol);
}

forEachBackend(['cpu', 'wasm'], (backend) => {
  it('is active for float32 tensors and not for int32', () => {
    expect(nnKernelsActive(tf.zeros([2]))).toBe(true);
    expect(nnKernelsActive(tf.zeros([2], 'int32'))).toBe(false);
    expect(tf.getKernel(NN_BATCH_MATMUL, backend)).toBeDefined();
  });

  it('FlopmatchBatchMatMul: per-slice, short-slice and single products equal tf.matMul', () => {
    const shapes: Array<[number, number, number, number]> = [
      [3, MIN_ROWS_PER_SLICE + 1, 5, 7], // B > 1, per-slice XNNPACK on wasm
      [3, MIN_ROWS_PER_SLICE - 1, 5, 4], // rows below the threshold: the backend's own kernel
      [1, 10, 6, 3], // a single product
      [4, 16, 1, 9], // inner size 1
    ];
    for (const [B, m, k, n] of shapes) {
      expectSameFunction(
        (a, b) => batchMatMulKernel(a as tf.Tensor3D, b as tf.Tensor3D),
        (a, b) => tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D),
        [randn([B, m, k], B * m), randn([B, k, n], k * n)],
      );
    }
  });

  it('FlopmatchBatchMatMul takes single 2-D products too', () => {
    expectSameFunction(
      (a, b) => batchMatMulKernel(a as tf.Tensor2D, b as tf.Tensor2D),
      (a, b) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D),
      [randn([10, 6], 21), randn([6, 3], 22)],
    );
  });

  it('FlopmatchBatchMatMul on wasm calls XNNPACK once per slice', () => {
    if (backend !== 'wasm') return;
    const wasm = (tf.backend() as unknown as { wasm: { _BatchMatMul: (...a: number[]) => void } }).wasm;
    const original = wasm._BatchMatMul;
    let calls = 0;
    wasm._BatchMatMul = (...args: number[]) => {
      calls++;
      original(...args);
    };
    try {
      batchMatMulKernel(randn([5, 12, 3], 1) as tf.Tensor3D, randn([5, 3, 2], 2) as tf.Tensor3D).dispose();
    } finally {
      wasm._BatchMatMul = original;
    }
    expect(calls).toBe(5);
  });

  it('FlopmatchBatchMatMul: both orders of the gradient of b agree with tfjs', () => {
    expect(gradBAsATransposeDy(40, 30, 3)).toBe(true); // packs dy [40, 3], small
    expect(gradBAsATransposeDy(40, 3, 30)).toBe(false); // (dyᵀ·a)ᵀ packs a [40, 3] instead of dy [40, 30]
    for (const [k, n] of [
      [30, 3],
      [3, 30],
    ]) {
      expectSameFunction(
        (a, b) => batchMatMulKernel(a as tf.Tensor3D, b as tf.Tensor3D),
        (a, b) => tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D),
        [randn([2, 40, k!], 7), randn([2, k!, n!], 8)],
      );
    }
  });

  it('FlopmatchSwapLastAxes equals tf.transpose on sizes that are not tile multiples', () => {
    for (const shape of [
      [40, 33],
      [2, 3, 37, 19],
      [1, 1],
    ]) {
      const perm = shape.map((_, i) => i);
      [perm[shape.length - 2], perm[shape.length - 1]] = [perm[shape.length - 1]!, perm[shape.length - 2]!];
      expectSameFunction(
        (x) => swapLastAxes(x),
        (x) => tf.transpose(x, perm),
        [randn(shape, shape.length)],
        0,
      );
    }
  });

  it('FlopmatchColumnSum equals tf.sum over every leading axis', () => {
    expectSameFunction(
      (x) => columnSum(x),
      (x) => tf.sum(x, 0),
      [randn([50, 17], 3)],
    );
    expectSameFunction(
      (x) => columnSum(x),
      (x) => tf.sum(x, [0, 1]),
      [randn([2, 3, 4], 4)],
    );
  });

  it('FlopmatchSplitHeads / FlopmatchJoinHeads equal split + reshape + transpose (and invert each other)', () => {
    const [B, T, H, D] = [2, 5, 3, 4];
    const ref = (x: tf.Tensor) =>
      tf.split(x, 3, 2).map((t) => tf.transpose(tf.reshape(t, [B, T, H, D]), [0, 2, 1, 3]));
    const qkv = randn([B, T, 3 * H * D], 5) as tf.Tensor3D;
    expectSameFunction((x) => splitHeads3(x as tf.Tensor3D, H), ref, [qkv], 0);
    const parts = splitHeads3(qkv, H);
    const joined = tf
      .engine()
      .runKernel(NN_JOIN_HEADS, { q: parts[0], k: parts[1], v: parts[2] }, { heads: H });
    expect(relError(joined as tf.Tensor, qkv)).toBe(0);
  });
});

forEachBackend(['cpu', 'wasm'], () => {
  // Inference kernels (no gradient): forward against the tfjs ops they replace.
  const refLayerNorm = (x: tf.Tensor, g?: tf.Tensor, b?: tf.Tensor, eps = 1e-5) => {
    const centered = tf.sub(x, tf.mean(x, -1, true));
    let y = tf.mul(centered, tf.rsqrt(tf.add(tf.mean(tf.square(centered), -1, true), eps)));
    if (g) y = tf.mul(y, g);
    return b ? tf.add(y, b) : y;
  };

  it('FlopmatchLayerNorm equals mean/sub/square/mean/rsqrt/mul (+ γ, β) on rank 2–4, with and without affine', () => {
    for (const shape of [
      [32, 1, 128],
      [7, 5],
      [2, 3, 4, 9],
    ]) {
      const C = shape[shape.length - 1]!;
      const x = tf.add(tf.mul(randn(shape, C), 3), 1.5); // mean and scale far from 0 and 1
      const [g, b] = [randn([C], 31), randn([C], 32)];
      expect(relError(layerNormKernel(x, g, b, 1e-5), refLayerNorm(x, g, b))).toBeLessThan(1e-5);
      expect(
        relError(layerNormKernel(x, undefined, undefined, 0.1), refLayerNorm(x, undefined, undefined, 0.1)),
      ).toBeLessThan(1e-5);
      expect(relError(layerNormKernel(x, g, undefined, 1e-5), refLayerNorm(x, g))).toBeLessThan(1e-5);
    }
  });

  it('FlopmatchLayerNorm: a constant row normalises to β (σ² = 0, ε keeps it finite)', () => {
    const y = layerNormKernel(tf.fill([2, 4], 7), tf.ones([4]), tf.tensor1d([1, 2, 3, 4]), 1e-5);
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4, 1, 2, 3, 4]);
  });

  it('FlopmatchLinear equals fused.matMul (with and without bias) on any leading shape, without reshapes', () => {
    for (const [shape, K, N] of [
      [[32, 1, 16], 16, 24],
      [[5, 8], 8, 3],
      [[2, 3, 4, 6], 6, 10],
    ] as Array<[number[], number, number]>) {
      const x = randn(shape, K);
      const [w, b] = [randn([K, N], N) as tf.Tensor2D, randn([N], 41) as tf.Tensor1D];
      const ref = tf.reshape(tf.add(tf.matMul(tf.reshape(x, [-1, K]), w), b), [...shape.slice(0, -1), N]);
      const noBias = tf.reshape(tf.matMul(tf.reshape(x, [-1, K]), w), [...shape.slice(0, -1), N]);
      const before = tf.engine().state.numTensors;
      const y = linearKernel(x, w, b);
      expect(tf.engine().state.numTensors - before).toBe(1); // nothing left behind
      expect(relError(y, ref)).toBeLessThan(1e-5);
      expect(relError(linearKernel(x, w, undefined), noBias)).toBeLessThan(1e-5);
    }
  });

  it('FlopmatchLinear and FlopmatchLayerNorm have no gradient (they run only outside a tape)', () => {
    const x = randn([2, 4], 1);
    expect(() =>
      tf.grad((v: tf.Tensor) => tf.sum(layerNormKernel(v, undefined, undefined, 1e-5)))(x),
    ).toThrow(/gradient/i);
    expect(() =>
      tf.grad((v: tf.Tensor) => tf.sum(linearKernel(v, tf.ones([4, 3]) as tf.Tensor2D, undefined)))(x),
    ).toThrow(/gradient/i);
  });

  it('FlopmatchAdamWUpdate equals the AdamW step written as tfjs ops', () => {
    const [p, g] = [randn([7, 5], 11), randn([7, 5], 12)];
    const m = tf.mul(randn([7, 5], 13), 0.1);
    const v = tf.abs(tf.mul(randn([7, 5], 14), 0.01));
    const a = {
      stepSize: 0.01 / (1 - 0.9 ** 3),
      invBc2: 1 / (1 - 0.95 ** 3),
      beta1: 0.9,
      beta2: 0.95,
      eps: 1e-8,
      keep: 1 - 0.01 * 0.1,
    };
    const [p1, m1, v1] = adamwUpdateKernel(p, m, v, g, a);
    const mRef = tf.add(tf.mul(m, a.beta1), tf.mul(g, 1 - a.beta1));
    const vRef = tf.add(tf.mul(v, a.beta2), tf.mul(tf.square(g), 1 - a.beta2));
    const update = tf.div(tf.mul(mRef, a.stepSize), tf.add(tf.sqrt(tf.mul(vRef, a.invBc2)), a.eps));
    const pRef = tf.sub(tf.mul(p, a.keep), update);
    expect(relError(m1, mRef)).toBeLessThan(1e-6);
    expect(relError(v1, vRef)).toBeLessThan(1e-6);
    expect(relError(p1, pRef)).toBeLessThan(1e-6);
  });
});

describe('the kernel table', () => {
  it('has a FLOP formula for every registered kernel, and 2·B·m·k·n for a product', () => {
    for (const config of NN_KERNEL_CONFIGS) {
      expect(NN_KERNEL_FLOPS).toHaveProperty(config.kernelName);
      expect(NN_KERNEL_BACKENDS).toContain(config.backendName);
    }
    expect(
      NN_KERNEL_FLOPS[NN_BATCH_MATMUL]([
        [3, 4, 5],
        [3, 5, 6],
      ]),
    ).toBe(2 * 3 * 4 * 5 * 6);
    expect(NN_KERNEL_FLOPS[NN_COLUMN_SUM]([[10, 4]])).toBe(36);
    expect(NN_KERNEL_FLOPS[NN_ADAMW_UPDATE]([[3, 4]])).toBe(14 * 12);
    expect(NN_KERNEL_FLOPS[NN_LAYER_NORM]([[4, 8], [8], [8]])).toBe(32 * 7); // 5 + γ + β per element
    expect(NN_KERNEL_FLOPS[NN_LINEAR]([[2, 3, 4], [4, 5], [5]])).toBe(6 * 5 * (2 * 4 + 1)); // M·N·(2K + bias)
    for (const name of [NN_SWAP_LAST_AXES, NN_SPLIT_HEADS, NN_JOIN_HEADS] as const)
      expect(NN_KERNEL_FLOPS[name]([[2, 2]])).toBe(0);
  });

  it('refuses a list naming a kernel twice, and a name another library registered', () => {
    const kernelFunc = () => ({ dataId: {}, shape: [], dtype: 'float32' as const });
    const twice = { kernelName: 'FlopmatchTestTwice', backendName: 'cpu', kernelFunc };
    expect(() => registerKernelSet([twice, twice], [])).toThrow(
      /kernel FlopmatchTestTwice\/cpu is listed twice/,
    );
    tf.registerKernel({ kernelName: 'FlopmatchTestForeign', backendName: 'cpu', kernelFunc });
    expect(() =>
      registerKernelSet([{ kernelName: 'FlopmatchTestForeign', backendName: 'cpu', kernelFunc }], []),
    ).toThrow(/kernel 'FlopmatchTestForeign\/cpu' is already registered by another library[\s\S]*fix:/);
  });
});
