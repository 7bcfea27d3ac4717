import * as tf from '@tensorflow/tfjs-core';
import type { BackendPlugin } from './backend-plugin.js';

/**
 * WebAssembly backend (XNNPACK kernels, SIMD). TensorFlow.js 4.22 disables wasm threads under Node, so it
 * runs on one core; run one process per core for parallel work.
 */
export const wasmBackend: BackendPlugin = {
  name: 'wasm',
  async load() {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    return {
      ok: true,
      reason: `WebAssembly with ${simd ? 'SIMD' : 'no SIMD'}, ${threads ? 'threads' : 'one thread (tfjs disables wasm threads in Node)'}`,
      details: { version: wasm.version_wasm, simd, threads },
    };
  },
};
