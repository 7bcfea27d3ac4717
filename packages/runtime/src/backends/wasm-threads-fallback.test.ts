// In its own file (its own process): the wasm backend is initialised once per process.
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { initRuntime } from '../init-runtime.js';
import { defaultThreadedWasmPaths, installThreadedWasm, wasmThreadsOutcome } from './wasm-threads.js';

it('falls back to the single-threaded build, saying why, when the threaded one cannot start', async () => {
  await import('@tensorflow/tfjs-backend-wasm');
  installThreadedWasm(2, { ...defaultThreadedWasmPaths(), binary: '/nonexistent/threaded.wasm' });
  const info = await initRuntime({ backend: 'wasm', wasmThreads: 2 });
  expect(tf.getBackend()).toBe('wasm');
  expect(info.details.threadCount).toBe(1);
  expect(info.details.threadsFallback).toMatch(/threaded wasm build failed to start.*nonexistent/);
  expect(wasmThreadsOutcome()).toMatchObject({ requested: 2, threads: 1 });
  expect(await tf.matMul([[1, 2]], [[3], [4]]).array()).toEqual([[11]]);
});
