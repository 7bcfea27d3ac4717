/**
 * Registers TensorFlow.js's gradient functions. The Node bundle of `@tensorflow/tfjs-core` registers none;
 * `@tensorflow/tfjs-layers` registers the full set into the engine's global registry when imported.
 * This is the one module that does it (listed in `sideEffects`).
 */
import '@tensorflow/tfjs-layers';
import { getGradient } from '@tensorflow/tfjs-core';

/** True when gradients are registered (checked once at start-up). */
export function gradientsRegistered(): boolean {
  return getGradient('BatchMatMul') !== undefined && getGradient('Softmax') !== undefined;
}
