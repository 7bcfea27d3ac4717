/**
 * Classifier-free guidance, shared by every sampler.
 *
 * Paper: Ho & Salimans, "Classifier-Free Diffusion Guidance", arXiv:2207.12598, §3.2 (eq. 6, with s = 1 + w), written in
 * the form SD3 and token models use: guided = uncond + s·(cond − uncond). Applied to the velocity for flow
 * models and to the logits for token models. s = 1 is the plain conditional model and costs one pass;
 * any other s evaluates the unconditional ("null prompt") branch too, and that pass is charged.
 *
 * Both branches go through the model as ONE call on a batch of 2N rows ([cond ; uncond]): the same FLOPs as
 * two calls of N, half the launches.
 */
import type { Conditioning, GenerativeModel } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';

/** Backbone passes per evaluation: 2 when the guidance scale s ≠ 1 (the unconditional batch), else 1. */
export function cfgPasses(scale: number): 1 | 2 {
  return scale === 1 ? 1 : 2;
}

/**
 * guided = uncond + s·(cond − uncond), elementwise. Returns a new tensor; inputs are not disposed.
 *
 * @example
 * guide(tf.tensor([3]), tf.tensor([1]), 2).dataSync(); // [5]
 */
export function guide<T extends tf.Tensor>(cond: T, uncond: T, scale: number): T {
  return tf.tidy(() => tf.add(uncond, tf.mul(tf.sub(cond, uncond), scale))) as T; // eq. (6)
}

/** Concatenates two conditionings along the batch axis (rows of `a`, then rows of `b`). */
export function concatConditioning(a: Conditioning, b: Conditioning): Conditioning {
  return { ids: tf.concat([a.ids, b.ids], 0), isNull: [...a.isNull, ...b.isNull] };
}

/**
 * The conditioning of one sampling call with guidance folded in: `cond` holds N rows (no guidance) or 2N
 * rows [prompts ; null prompts]; `expand` stacks a model input the same way and `combine` turns the
 * model's 2N-row output back into N guided rows.
 */
export interface GuidedBatch {
  /** Images being sampled (N). */
  readonly n: number;
  /** Rows per model call: N, or 2N with guidance. */
  readonly batch: number;
  /** 1 or 2 (see `cfgPasses`). */
  readonly passes: 1 | 2;
  /** Guidance scale s. */
  readonly scale: number;
  /** The conditioning to pass to the model ([N, L] or [2N, L]). */
  readonly cond: Conditioning;
  /** Model input for the batch: `x` itself, or `[x ; x]` with guidance. New tensor either way. */
  expand<T extends tf.Tensor>(x: T): T;
  /** Model output [batch, …] → guided [N, …]. New tensor; `out` is not disposed. */
  combine<T extends tf.Tensor>(out: T): T;
  /** Frees the conditioning tensors this batch created. */
  dispose(): void;
}

/**
 * Builds the conditioning for `prompts` (already N long) and, when `scale ≠ 1`, appends N null prompts.
 *
 * @example
 * const g = guidedBatch(model, prompts, 4);
 * const v = g.combine(model.velocity(g.expand(x), g.expand(t), g.cond)); // one call of 2N rows
 * g.dispose();
 */
export function guidedBatch(model: GenerativeModel, prompts: string[], scale: number): GuidedBatch {
  const n = prompts.length;
  const passes = cfgPasses(scale);
  const conditional = model.condition(prompts);
  let cond = conditional;
  if (passes === 2) {
    const unconditional = model.nullCondition(n);
    cond = concatConditioning(conditional, unconditional);
    conditional.ids.dispose();
    unconditional.ids.dispose();
  }
  return {
    n,
    batch: n * passes,
    passes,
    scale,
    cond,
    expand: <T extends tf.Tensor>(x: T): T => (passes === 1 ? tf.clone(x) : (tf.concat([x, x], 0) as T)),
    combine: <T extends tf.Tensor>(out: T): T => {
      if (passes === 1) return tf.clone(out);
      return tf.tidy(() => {
        const [c, u] = tf.split(out, 2, 0) as [T, T];
        return guide(c, u, scale);
      });
    },
    dispose: () => cond.ids.dispose(),
  };
}
