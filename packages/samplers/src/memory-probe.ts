/**
 * Peak tensor memory of a sampling call, from `tf.memory()`.
 *
 * What `peakBytes` measures: the largest growth, over the value when sampling began, of the bytes held by
 * live TensorFlow.js tensors (`tf.memory().numBytes`), read after every model call and every solver step,
 * while that step's outputs are still alive. It does not see tensors a model allocates and frees inside one
 * call, kernel scratch space, backend pools (WebGL/WebGPU texture caches, the wasm heap's high-water mark)
 * or JavaScript arrays, so it is a lower bound on the true peak and is comparable across samplers only on
 * the same backend.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Samples `tf.memory().numBytes` at chosen points and keeps the maximum growth. */
export class MemoryProbe {
  private readonly baseline: number;
  private peak = 0;
  constructor() {
    this.baseline = tf.memory().numBytes;
  }
  /** Reads the current live-tensor bytes and updates the peak. */
  sample(): void {
    const grown = tf.memory().numBytes - this.baseline;
    if (grown > this.peak) this.peak = grown;
  }
  /** Largest growth seen so far (bytes, ≥ 0). */
  get peakBytes(): number {
    return this.peak;
  }
}
