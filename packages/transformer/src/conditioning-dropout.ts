/**
 * Conditioning dropout: during training each prompt is replaced by the null prompt with probability p, so
 * one network learns both the conditional and the unconditional model that classifier-free guidance
 * combines — Ho & Salimans, "Classifier-Free Diffusion Guidance", arXiv:2207.12598, §3.2 (Algorithm 1,
 * p_uncond). The same dropout serves all three objectives (the prompt prefix is the backbone's conditioning),
 * so the comparison stays controlled.
 */
import type { Conditioning, RandomSource } from '@flopmatch/core';
import { FlopmatchError } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';

/** Options of `dropConditioning`. */
export interface ConditioningDropoutOptions {
  /** p_uncond: probability that a row becomes the null prompt. Default 0.1 (arXiv:2207.12598 uses 0.1–0.2). */
  rate?: number;
  /** Ids of the null prompt at the conditioning's length L (`tokenizer.nullPrompt(L).ids`). Required. */
  nullIds: readonly number[];
  /** One uniform draw per row decides it. Required. */
  rng: RandomSource;
}

/**
 * A new `Conditioning` whose rows are the null prompt where a draw fell under `rate` (rows already null stay
 * null). The caller owns (disposes) the returned `ids`.
 *
 * @example
 * const dropped = dropConditioning(batch.cond, { rate: 0.1, nullIds: tokenizer.nullPrompt(16).ids, rng });
 */
export function dropConditioning(cond: Conditioning, options: ConditioningDropoutOptions): Conditioning {
  const rate = options.rate ?? 0.1;
  if (!(rate >= 0 && rate <= 1)) {
    throw new FlopmatchError(
      'E_OPTION',
      `conditioning dropout rate = ${rate} is not a probability`,
      'use a value in [0, 1], e.g. 0.1',
    );
  }
  const [N, L] = cond.ids.shape;
  if (options.nullIds.length !== L) {
    throw new FlopmatchError(
      'E_OPTION',
      `the null prompt has ${options.nullIds.length} ids but the conditioning has L = ${L}`,
      `encode the null prompt at the same length: tokenizer.nullPrompt(${L})`,
    );
  }
  const isNull = cond.isNull.map((already) => options.rng.uniform() < rate || already);
  const mask = new Uint8Array(N * L);
  const nulls = new Int32Array(N * L);
  for (let i = 0; i < N; i++) {
    nulls.set(options.nullIds, i * L);
    if (isNull[i]) mask.fill(1, i * L, (i + 1) * L);
  }
  const ids = tf.tidy(
    () =>
      tf.where(
        tf.tensor2d(mask, [N, L], 'bool'),
        tf.tensor2d(nulls, [N, L], 'int32'),
        cond.ids,
      ) as tf.Tensor2D,
  );
  return { ids, isNull };
}

/**
 * The conditioning a training loss sees: `dropConditioning(cond, options)` when `training` and the rate is
 * above 0, else `cond` itself (no draw, no copy). Call it inside the loss's `tf.tidy`.
 *
 * @example
 * const c = trainingConditioning(batch.cond, training, { rate: 0.1, nullIds: prompt.nullIds, rng: rng.split('conditioning-dropout') });
 */
export function trainingConditioning(
  cond: Conditioning,
  training: boolean,
  options: ConditioningDropoutOptions,
): Conditioning {
  return training && (options.rate ?? 0.1) > 0 ? dropConditioning(cond, options) : cond;
}
