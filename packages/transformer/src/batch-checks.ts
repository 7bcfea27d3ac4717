/**
 * The input checks every objective makes on a training batch: the latent kind its codec must produce and,
 * for token objectives, the grid of ids. Each throws a `ShapeError` naming the caller and the fix.
 */
import type { LatentBatch } from '@flopmatch/core';
import { ShapeError } from '@flopmatch/nn';
import type * as tf from '@tensorflow/tfjs-core';

const EXPECTED = {
  discrete: 'pass { kind: "discrete", ids, cond } from a VQ codec',
  continuous: 'pass { kind: "continuous", latents, cond } from a VAE codec',
} as const;

/**
 * Asserts `batch.kind === kind` (narrowing its type).
 *
 * @example
 * expectBatchKind(batch, 'discrete', 'MaskedObjective.loss'); // batch.ids is now typed
 */
export function expectBatchKind<K extends LatentBatch['kind']>(
  batch: LatentBatch,
  kind: K,
  where: string,
): asserts batch is Extract<LatentBatch, { kind: K }> {
  if (batch.kind !== kind) throw new ShapeError(where, `got a ${batch.kind} batch`, EXPECTED[kind]);
}

/** Asserts `ids` is [N, height, width]: token ids on the grid the objective was built for. */
export function checkTokenGrid(ids: tf.Tensor, grid: { height: number; width: number }, where: string): void {
  const { height, width } = grid;
  if (ids.rank !== 3 || ids.shape[1] !== height || ids.shape[2] !== width) {
    throw new ShapeError(
      where,
      `ids [${ids.shape}] are not [N, ${height}, ${width}]`,
      'encode with the codec whose latent grid this objective was built for',
    );
  }
}
