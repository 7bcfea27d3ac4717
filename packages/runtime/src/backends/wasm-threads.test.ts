import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initRuntime } from '../init-runtime.js';
import {
  createThreadedWasmBackend,
  defaultThreadedWasmPaths,
  MAX_WASM_THREADS,
  resolveWasmThreads,
} from './wasm-threads.js';

describe('resolveWasmThreads', () => {
  it('takes the option, then FLOPMATCH_WASM_THREADS, then 1', () => {
    expect(resolveWasmThreads(3, { FLOPMATCH_WASM_THREADS: '2' })).toBe(3);
    expect(resolveWasmThreads(undefined, { FLOPMATCH_WASM_THREADS: '2' })).toBe(2);
    expect(resolveWasmThreads(undefined, {})).toBe(1);
    const auto = resolveWasmThreads('auto', {});
    expect(auto).toBeGreaterThanOrEqual(1);
    expect(auto).toBeLessThanOrEqual(MAX_WASM_THREADS);
  });

  it('names the variable, the value and the fix when the count is not one', () => {
    expect(() => resolveWasmThreads(undefined, { FLOPMATCH_WASM_THREADS: 'two' })).toThrow(
      /wasm threads = "two" \(from FLOPMATCH_WASM_THREADS\) is not a thread count[\s\S]*fix: use an integer from 1/,
    );
    expect(() => resolveWasmThreads(0, {})).toThrow(/wasm threads = 0 is not/);
    expect(() => resolveWasmThreads(MAX_WASM_THREADS + 1, {})).toThrow(/is not a thread count/);
  });
});

describe('createThreadedWasmBackend', () => {
  it('rejects with the missing file when the threaded build is not where it is looked for', async () => {
    const paths = { ...defaultThreadedWasmPaths(), binary: '/nonexistent/threaded.wasm' };
    await expect(createThreadedWasmBackend(2, paths)).rejects.toThrow(/\/nonexistent\/threaded\.wasm/);
  });
});

describe('initRuntime with wasm threads', () => {
  it('starts the threaded build on 2 threads and computes what cpu computes (values and gradients)', async () => {
    const a = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    const b = [
      [1, -1],
      [0.5, 2],
      [3, 0],
    ];
    await initRuntime({ backend: 'cpu' });
    const expected = await tf.matMul(a, b).array();
    const info = await initRuntime({ backend: 'wasm', wasmThreads: 2 });
    expect(info.details).toMatchObject({ threads: true, threadCount: 2 });
    expect(info.reason).toMatch(/2 threads/);
    expect(await tf.matMul(a, b).array()).toEqual(expected);
    // A product big enough for XNNPACK to split across the pool, against the same product on cpu.
    const x = tf.randomNormal([64, 96], 0, 1, 'float32', 1);
    const w = tf.randomNormal([96, 80], 0, 1, 'float32', 2);
    const onWasm = await tf.matMul(x, w).data();
    const g = await tf
      .grad((v: tf.Tensor) => tf.sum(tf.square(v)))(x)
      .data(); // 2x
    await initRuntime({ backend: 'cpu' });
    const onCpu = await tf.matMul(x, w).data();
    const xs = await x.data();
    for (let i = 0; i < onCpu.length; i += 97) expect(onWasm[i]).toBeCloseTo(onCpu[i]!, 3);
    for (let i = 0; i < xs.length; i += 101) expect(g[i]).toBeCloseTo(2 * xs[i]!, 5);
  });
});
