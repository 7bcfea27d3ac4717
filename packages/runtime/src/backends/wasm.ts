import * as tf from '@tensorflow/tfjs-core';
import type { BackendLoadOptions, BackendPlugin } from './backend-plugin.js';
import { registerZeroCopyIdentity } from './wasm-identity.js';
import { installThreadedWasm, wasmThreadsOutcome } from './wasm-threads.js';

/**
 * WebAssembly backend (XNNPACK kernels, SIMD). TensorFlow.js 4.22 disables wasm threads under Node; with
 * `wasmThreads` > 1 the threaded build is loaded instead (`wasm-threads.ts`), falling back to one thread
 * when it cannot start. The choice is made once per process, when the backend is first initialised.
 * Loading also swaps in a zero-copy `Identity` (`wasm-identity.ts`).
 */
export const wasmBackend: BackendPlugin = {
  name: 'wasm',
  async load(options: BackendLoadOptions = {}) {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    registerZeroCopyIdentity();
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const requested = options.wasmThreads ?? 1;
    const initialised = tf.engine().registry.wasm !== undefined;
    let note = '';
    if (requested > 1 && simd && !initialised) installThreadedWasm(requested);
    else if (initialised && requested !== wasmThreadsOutcome().requested) {
      note = ` (${requested} thread(s) asked for, but the wasm backend was already initialised in this process)`;
    } else if (requested > 1 && !simd) note = ' (threads need the SIMD build, which this runtime lacks)';
    const threads = requested > 1 && simd && !initialised ? requested : wasmThreadsOutcome().threads;
    return {
      ok: true,
      reason: `WebAssembly with ${simd ? 'SIMD' : 'no SIMD'}, ${threads > 1 ? `${threads} threads` : 'one thread'}${note}`,
      details: { version: wasm.version_wasm, simd, threads: threads > 1, threadCount: threads },
    };
  },
};
