import type * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from './errors.js';

/**
 * Throws a `ShapeError` from `where` unless q is [B, H, Tq, D] and k, v share one shape [B, H, Tk, D]
 * (`fix` says what to pass). Attention and cached attention check their inputs with it.
 */
export function checkQkv(where: string, q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, fix: string): void {
  const [B, H, , D] = q.shape;
  if (
    q.rank !== 4 ||
    k.rank !== 4 ||
    v.rank !== 4 ||
    k.shape[0] !== B ||
    k.shape[1] !== H ||
    k.shape[3] !== D ||
    !k.shape.every((s, i) => s === v.shape[i])
  ) {
    throw new ShapeError(where, `q [${q.shape}], k [${k.shape}], v [${v.shape}] do not fit`, fix);
  }
}
