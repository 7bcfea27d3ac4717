// The hand-encoded SIMD module: valid WebAssembly, both loops equal float64 sums, and it binds to the wasm
// backend's heap (so the KV-cache attention kernel takes its fast path there).
import { forEachBackend } from '@flopmatch/runtime/testing';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { testRandom } from '../testing/test-random.js';
import type { WasmBackendLike } from './tensor-data.js';
import { type WasmSimdDots, wasmSimdDots, wasmSimdDotsModule } from './wasm-simd-dots.js';

interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const webAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

describe('wasmSimdDotsModule', () => {
  const memory = new webAssembly.Memory({ initial: 1 });
  const heap = new Float32Array(memory.buffer);
  const loops = new webAssembly.Instance(new webAssembly.Module(wasmSimdDotsModule()), {
    env: { memory },
  }).exports as WasmSimdDots;

  it('is valid WebAssembly', () => {
    expect(webAssembly.validate(wasmSimdDotsModule())).toBe(true);
  });

  for (const [D, rows] of [
    [4, 1],
    [8, 5],
    [32, 17],
    [12, 0],
  ] as const) {
    it(`dots and weightedSum equal float64 sums (D = ${D}, ${rows} rows)`, () => {
      const rng = testRandom(D * 100 + rows);
      const [q, k, out, w, sum] = [0, 256, 4096, 8192, 12288]; // float offsets
      for (let i = 0; i < D; i++) heap[q + i] = rng.normal();
      for (let i = 0; i < rows * D; i++) heap[k + i] = rng.normal();
      for (let j = 0; j < rows; j++) heap[w + j] = rng.normal();
      heap.fill(Number.NaN, sum, sum + D); // weightedSum must overwrite, not accumulate into, its output
      loops.dots(4 * q, 4 * k, 4 * out, rows, 4 * D);
      loops.weightedSum(4 * w, 4 * k, 4 * sum, rows, 4 * D);
      for (let j = 0; j < rows; j++) {
        let s = 0;
        for (let d = 0; d < D; d++) s += heap[q + d]! * heap[k + j * D + d]!;
        expect(heap[out + j]).toBeCloseTo(s, 4);
      }
      for (let d = 0; d < D; d++) {
        let s = 0;
        for (let j = 0; j < rows; j++) s += heap[w + j]! * heap[k + j * D + d]!;
        expect(heap[sum + d]).toBeCloseTo(s, 4);
      }
    });
  }
});

forEachBackend(['wasm'], () => {
  it("binds to the wasm backend's own heap", () => {
    expect(wasmSimdDots(tf.backend() as WasmBackendLike)).toBeDefined();
  });
});
