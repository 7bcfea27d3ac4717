/** Helpers shared by the norm layers (internal; not exported from the package). */
import type * as tf from '@tensorflow/tfjs-core';

/** Whether `p` is a [dim] vector for x [..., dim] (the fused gradient sums it over every other axis). */
export function perFeature(x: tf.Tensor, p: tf.Tensor): boolean {
  return x.rank >= 2 && p.rank === 1 && p.shape[0] === x.shape[x.rank - 1];
}

/** The function for `eps` from `map`, made once. */
export function cached<F>(map: Map<number, F>, eps: number, make: (eps: number) => F): F {
  let f = map.get(eps);
  if (!f) {
    f = make(eps);
    map.set(eps, f);
  }
  return f;
}
