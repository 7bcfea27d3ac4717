import * as tf from '@tensorflow/tfjs-core';

/** Copies `value` (cast to the variable's dtype) into `variable`; the caller keeps owning `value`. */
export function assignCopy(variable: tf.Variable, value: tf.Tensor): void {
  const copy = tf.cast(value, variable.dtype);
  variable.assign(copy);
  copy.dispose();
}
