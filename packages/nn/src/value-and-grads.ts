/**
 * `tf.variableGrads` keyed by the module's dotted parameter names instead of tfjs's internal variable names.
 */
import * as tf from '@tensorflow/tfjs-core';

/** A loss value and the gradient of every named parameter it depends on. */
export interface ValueAndGrads {
  value: tf.Scalar;
  /** Gradients by dotted parameter name; parameters the loss does not use are absent. */
  grads: Map<string, tf.Tensor>;
}

/**
 * Evaluates `loss` and its gradients with respect to `params` (e.g. `model.namedVariables()`). The caller
 * owns (and disposes) `value` and the gradients.
 *
 * @example
 * const { value, grads } = valueAndGrads(() => tf.sum(model.forward(x)), model.namedVariables());
 */
export function valueAndGrads(loss: () => tf.Scalar, params: Map<string, tf.Variable>): ValueAndGrads {
  const byTfName = new Map<string, string>();
  for (const [name, v] of params) byTfName.set(v.name, name);
  const { value, grads } = tf.variableGrads(loss, [...params.values()]);
  const out = new Map<string, tf.Tensor>();
  for (const [tfName, g] of Object.entries(grads)) {
    const name = byTfName.get(tfName);
    if (name === undefined) g.dispose();
    else out.set(name, g);
  }
  return { value, grads: out };
}
