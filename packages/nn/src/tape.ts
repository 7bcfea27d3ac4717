/**
 * Whether TensorFlow.js is recording a gradient tape. Layers with hand-written gradients (`tf.customGrad`)
 * run their plain forward ops when it is not (inference, sampling): a custom-gradient call adds a scope, a
 * tidy and a tape node per use, which at batch 1 costs more than the arithmetic.
 */
import * as tf from '@tensorflow/tfjs-core';

/** True inside `tf.grads`, `tf.variableGrads`, `valueAndGrads` …; also true if the engine hides its state. */
export function recordingGradients(): boolean {
  const state = (tf.engine() as unknown as { state?: { gradientDepth?: unknown } }).state;
  return typeof state?.gradientDepth === 'number' ? state.gradientDepth > 0 : true;
}
