/**
 * The kernels `@flopmatch/nn` adds to TensorFlow.js, in one place (STYLE.md habits 10–11, after tfjs's
 * `kernel_names.ts`): each op's name, its inputs and attributes, and the FLOPs one call executes. The
 * kernel implementations (`register-all.ts`), their gradients (`gradients.ts`) and the FLOP formulas below
 * share these names; `kernels.test.ts` fails when a registered kernel lacks a FLOP formula.
 *
 * Why these: on the wasm backend, tfjs runs XNNPACK only for plain 2-D products, transposes 2-D matrices
 * element by element, sums over a leading axis by transposing first, and copies a whole tensor out of the
 * heap for every slice. A train step spent most of its non-product time there (docs/performance.md).
 */

/** Batched product [B, m, k] · [B, k, n] → [B, m, n], or [m, k] · [k, n] (no broadcasting, no transpose flags). */
export const NN_BATCH_MATMUL = 'FlopmatchBatchMatMul';
/** Swaps the last two axes: [B, m, n] → [B, n, m]. */
export const NN_SWAP_LAST_AXES = 'FlopmatchSwapLastAxes';
/** Sum over the leading axis: [M, N] → [N] (bias and norm-gain gradients). */
export const NN_COLUMN_SUM = 'FlopmatchColumnSum';

/** Fused projection into heads: qkv [B, T, 3C] → q, k, v [B, H, T, D]; attribute `heads` = H. */
export const NN_SPLIT_HEADS = 'FlopmatchSplitHeads';
/** The inverse of `FlopmatchSplitHeads`: q, k, v [B, H, T, D] → [B, T, 3C]; attribute `heads` = H. */
export const NN_JOIN_HEADS = 'FlopmatchJoinHeads';

/** One AdamW step of one parameter: θ, m, v, g → θ′, m′, v′ (attributes: the step's scalars). */
export const NN_ADAMW_UPDATE = 'FlopmatchAdamWUpdate';

/**
 * Writes rows [B, H, t, D] into a KV-cache buffer [B, H, capacity, D] at positions `offset` … `offset` + t − 1,
 * in place (the output shares the buffer's memory); attribute `offset`.
 */
export const NN_WRITE_CACHE_ROWS = 'FlopmatchWriteCacheRows';
/**
 * Attention of q [B, H, Tq, D] over the first `length` positions of KV-cache buffers k, v [B, H, capacity, D]
 * (the queries are the last Tq of those positions; causal, with an optional bidirectional prefix);
 * attributes `length`, `prefixLength`, `scale`. Reads only the filled part.
 */
export const NN_CACHED_ATTENTION = 'FlopmatchCachedAttention';

/** Inference LayerNorm of every row of x [..., C] with optional γ, β [C]; attribute `eps`. No gradient. */
export const NN_LAYER_NORM = 'FlopmatchLayerNorm';
/** Inference affine map x [..., in] · W [in, out] + b [out] → [..., out] with no reshapes. No gradient. */
export const NN_LINEAR = 'FlopmatchLinear';

/** The name of one of nn's kernels. */
export type NnKernelName =
  | typeof NN_BATCH_MATMUL
  | typeof NN_SWAP_LAST_AXES
  | typeof NN_COLUMN_SUM
  | typeof NN_SPLIT_HEADS
  | typeof NN_JOIN_HEADS
  | typeof NN_ADAMW_UPDATE
  | typeof NN_WRITE_CACHE_ROWS
  | typeof NN_CACHED_ATTENTION
  | typeof NN_LAYER_NORM
  | typeof NN_LINEAR;

/** Inputs of `FlopmatchBatchMatMul`: `a` [B, m, k] and `b` [B, k, n] (or both 2-D), float32. */
export type BatchMatMulInputs = 'a' | 'b';
/** Inputs of `FlopmatchSwapLastAxes`, `FlopmatchColumnSum` and `FlopmatchSplitHeads`: `x`, float32. */
export type UnaryInputs = 'x';
/** Inputs of `FlopmatchJoinHeads`: `q`, `k`, `v`, float32. */
export type JoinHeadsInputs = 'q' | 'k' | 'v';
/** Inputs of `FlopmatchAdamWUpdate`: parameter `p`, moments `m` and `v`, gradient `g`, float32, one shape. */
export type AdamWUpdateInputs = 'p' | 'm' | 'v' | 'g';
/** Inputs of `FlopmatchWriteCacheRows`: the buffer `x` [B, H, capacity, D] and `rows` [B, H, t, D], float32. */
export type WriteCacheRowsInputs = 'x' | 'rows';
/** Inputs of `FlopmatchCachedAttention`: `q` [B, H, Tq, D], `k` and `v` [B, H, capacity, D], float32. */
export type CachedAttentionInputs = 'q' | 'k' | 'v';

/** Inputs of `FlopmatchLayerNorm`: `x` [..., C], optional `gamma` and `beta` [C], float32. */
export type LayerNormInputs = 'x' | 'gamma' | 'beta';
/** Inputs of `FlopmatchLinear`: `x` [..., in], `w` [in, out], optional `bias` [out], float32. */
export type LinearInputs = 'x' | 'w' | 'bias';

/** LayerNorm FLOPs per element without γ, β (mean, centre, square, variance sum, scale), as the ledger prices it. */
const LAYER_NORM_FLOPS_PER_ELEMENT = 5;

/** Softmax FLOPs per attention score (scale, subtract the max, exp, sum, divide), as `@flopmatch/flops` prices it. */
const SOFTMAX_FLOPS_PER_SCORE = 5;

/** A kernel's FLOPs from its input shapes and attributes. */
export type KernelFlopFormula = (
  inputShapes: number[][],
  attrs?: Readonly<Record<string, number | boolean | string>>,
) => number;

/**
 * FLOPs one call executes (multiply-add = 2 FLOPs; the convention of `@flopmatch/flops`), from the input
 * shapes (and, where the work depends on them, the attributes). Data movement (transposes, cache writes)
 * counts 0.
 */
export const NN_KERNEL_FLOPS: Readonly<Record<NnKernelName, KernelFlopFormula>> = Object.freeze({
  [NN_BATCH_MATMUL]: ([a, b]) => 2 * a!.reduce((x, y) => x * y, 1) * b![b!.length - 1]!, // 2·B·m·k·n
  [NN_SWAP_LAST_AXES]: () => 0,
  [NN_COLUMN_SUM]: ([x]) => (x![0]! - 1) * x![1]!, // (M − 1)·N additions
  [NN_SPLIT_HEADS]: () => 0,
  [NN_JOIN_HEADS]: () => 0,
  [NN_ADAMW_UPDATE]: ([p]) => 14 * p!.reduce((a, b) => a * b, 1), // ~14 operations per element
  [NN_WRITE_CACHE_ROWS]: () => 0,
  // Scores q·kᵀ and values p·v over every filled key (2·D each per pair), plus the softmax per score.
  [NN_CACHED_ATTENTION]: ([q], attrs) => {
    const [B, H, Tq, D] = q as [number, number, number, number];
    const pairs = B * H * Tq * Number(attrs?.length ?? 0);
    return pairs * (2 * 2 * D + SOFTMAX_FLOPS_PER_SCORE);
  },
  // Per element: the normalisation, plus one multiply for γ and one add for β when given.
  [NN_LAYER_NORM]: (shapes) => {
    const n = shapes[0]!.reduce((a, b) => a * b, 1);
    return n * (LAYER_NORM_FLOPS_PER_ELEMENT + (shapes.length - 1));
  },
  // 2·M·in·out for the product, M·out for the bias.
  [NN_LINEAR]: ([x, w, bias]) => {
    const [K, N] = w as [number, number];
    const M = K === 0 ? 0 : x!.reduce((a, b) => a * b, 1) / K;
    return M * N * (2 * K + (bias ? 1 : 0));
  },
});
