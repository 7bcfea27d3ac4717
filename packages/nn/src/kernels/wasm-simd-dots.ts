/**
 * Two WebAssembly SIMD loops over the wasm backend's own heap, for the KV-cache attention kernel
 * (`cached-attention.ts`): a row of dot products and a weighted sum of rows, four float32 lanes at a time.
 * The module is a few hundred bytes, encoded below instruction by instruction (no toolchain), and imports
 * the backend's `WebAssembly.Memory`, so it reads keys and values in place. tfjs-backend-wasm has no kernel
 * for a matrix–vector product with a strided batch (its `BatchMatMul` with one query row per head runs a
 * scalar loop), and a plain JavaScript loop runs at ~1.3 GFLOP/s here.
 *
 * Both need the head width to be a multiple of 4; `wasmSimdDots` returns undefined where the module cannot
 * be used (no SIMD, a shared memory of the threaded build, no exported memory), and callers fall back to
 * JavaScript.
 *
 * WebAssembly core spec 2.0, §5 (binary format) and the fixed-width SIMD proposal's opcode table.
 */
import type { WasmBackendLike } from './tensor-data.js';

/**
 * The two loops. Pointers are byte offsets into the backend's heap; `rowBytes` = 4·D, a multiple of 16.
 */
export interface WasmSimdDots {
  /** out[j] = Σ_d q[d]·k[j·D + d] for j < rows (scores of one query against `rows` keys). */
  dots(q: number, k: number, out: number, rows: number, rowBytes: number): void;
  /** out[d] = Σ_j w[j]·v[j·D + d] for d < D (the value rows weighted by the softmax). */
  weightedSum(w: number, v: number, out: number, rows: number, rowBytes: number): void;
}

// ─── a minimal encoder ─────────────────────────────────────────────────────────────────────────────────

const I32 = 0x7f;
const V128 = 0x7b;

/** Unsigned LEB128. */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** A length-prefixed vector or section body. */
function sized(bytes: number[]): number[] {
  return [...uleb(bytes.length), ...bytes];
}

function name(s: string): number[] {
  return sized([...s].map((c) => c.charCodeAt(0)));
}

const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, depth],
  brIf: (depth: number) => [0x0d, depth],
  get: (i: number) => [0x20, i],
  set: (i: number) => [0x21, i],
  i32: (n: number) => [0x41, ...uleb(n)], // small non-negative constants only (< 64)
  add: [0x6a],
  sub: [0x6b],
  eqz: [0x45],
  ltU: [0x49],
  f32Load: [0x2a, 0x02, 0x00],
  f32Store: [0x38, 0x02, 0x00],
  f32Add: [0x92],
  v128Load: [0xfd, 0x00, 0x00, 0x00], // align 2^0, offset 0
  v128Store: [0xfd, 0x0b, 0x00, 0x00],
  v128Zero: [0xfd, 0x0c, ...new Array<number>(16).fill(0)],
  f32x4Splat: [0xfd, 0x13],
  f32x4Lane: (lane: number) => [0xfd, 0x1f, lane],
  f32x4Add: [0xfd, 0xe4, 0x01],
  f32x4Mul: [0xfd, 0xe6, 0x01],
};

// dots(q, k, out, rows, rowBytes); locals 5: d (i32), 6: acc (v128)
const DOTS_BODY = [
  ...[2, 1, I32, 1, V128], // locals: d: i32, acc: v128
  ...op.block,
  ...op.loop, // over rows
  ...[...op.get(3), ...op.eqz, ...op.brIf(1)], // rows = 0 → done
  ...[...op.v128Zero, ...op.set(6)],
  ...[...op.i32(0), ...op.set(5)],
  ...op.loop, // over the row, 4 lanes a time
  ...[...op.get(6), ...op.get(0), ...op.get(5), ...op.add, ...op.v128Load],
  ...[...op.get(1), ...op.get(5), ...op.add, ...op.v128Load, ...op.f32x4Mul, ...op.f32x4Add, ...op.set(6)], // acc += q·k
  ...[...op.get(5), ...op.i32(16), ...op.add, ...op.set(5)],
  ...[...op.get(5), ...op.get(4), ...op.ltU, ...op.brIf(0)],
  ...op.end,
  ...op.get(2), // out[j] = Σ lanes
  ...[...op.get(6), ...op.f32x4Lane(0), ...op.get(6), ...op.f32x4Lane(1), ...op.f32Add],
  ...[...op.get(6), ...op.f32x4Lane(2), ...op.get(6), ...op.f32x4Lane(3), ...op.f32Add, ...op.f32Add],
  ...op.f32Store,
  ...[...op.get(1), ...op.get(4), ...op.add, ...op.set(1)], // next key row
  ...[...op.get(2), ...op.i32(4), ...op.add, ...op.set(2)],
  ...[...op.get(3), ...op.i32(1), ...op.sub, ...op.set(3)],
  ...op.br(0),
  ...op.end,
  ...op.end,
  ...op.end, // function
];

// weightedSum(w, v, out, rows, rowBytes); locals 5: d (i32), 6: wv (v128)
const WEIGHTED_BODY = [
  ...[2, 1, I32, 1, V128],
  ...[...op.i32(0), ...op.set(5)],
  ...op.loop, // out = 0
  ...[...op.get(2), ...op.get(5), ...op.add, ...op.v128Zero, ...op.v128Store],
  ...[...op.get(5), ...op.i32(16), ...op.add, ...op.set(5)],
  ...[...op.get(5), ...op.get(4), ...op.ltU, ...op.brIf(0)],
  ...op.end,
  ...op.block,
  ...op.loop, // over rows
  ...[...op.get(3), ...op.eqz, ...op.brIf(1)],
  ...[...op.get(0), ...op.f32Load, ...op.f32x4Splat, ...op.set(6)], // w[j] in every lane
  ...[...op.i32(0), ...op.set(5)],
  ...op.loop,
  ...[...op.get(2), ...op.get(5), ...op.add], // address of out[d … d + 3]
  ...[...op.get(2), ...op.get(5), ...op.add, ...op.v128Load],
  ...[...op.get(6), ...op.get(1), ...op.get(5), ...op.add, ...op.v128Load, ...op.f32x4Mul, ...op.f32x4Add],
  ...op.v128Store, // out += w[j]·v[j]
  ...[...op.get(5), ...op.i32(16), ...op.add, ...op.set(5)],
  ...[...op.get(5), ...op.get(4), ...op.ltU, ...op.brIf(0)],
  ...op.end,
  ...[...op.get(0), ...op.i32(4), ...op.add, ...op.set(0)], // next weight and value row
  ...[...op.get(1), ...op.get(4), ...op.add, ...op.set(1)],
  ...[...op.get(3), ...op.i32(1), ...op.sub, ...op.set(3)],
  ...op.br(0),
  ...op.end,
  ...op.end,
  ...op.end,
];

/** The module's bytes: type, import (env.memory), function, export and code sections. */
export function wasmSimdDotsModule(): Uint8Array {
  const section = (id: number, body: number[]) => [id, ...sized(body)];
  const fiveI32 = [0x60, 5, I32, I32, I32, I32, I32, 0]; // (i32 × 5) → ()
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // \0asm, version 1
    ...section(1, [1, ...fiveI32]),
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 0x00]), // memory, no maximum, min 0
    ...section(3, [2, 0, 0]),
    ...section(7, [2, ...name('dots'), 0x00, 0, ...name('weightedSum'), 0x00, 1]),
    ...section(10, [2, ...sized(DOTS_BODY), ...sized(WEIGHTED_BODY)]),
  ]);
}

/** The slice of the `WebAssembly` global used here (the Node typings in use do not declare it). */
interface WebAssemblyApi {
  Memory: abstract new (...args: never[]) => { buffer: ArrayBufferLike };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: unknown };
}

const webAssembly = (globalThis as unknown as { WebAssembly?: WebAssemblyApi }).WebAssembly;

const cache = new WeakMap<object, WasmSimdDots | null>();

/** The backend's `WebAssembly.Memory` (the emscripten module exports it as `asm.memory`), if reachable. */
function backendMemory(backend: WasmBackendLike): { buffer: ArrayBufferLike } | undefined {
  const wasm = backend.wasm as WasmBackendLike['wasm'] & { asm?: { memory?: unknown } };
  const memory = wasm.asm?.memory ?? wasm.wasmMemory;
  return webAssembly && memory instanceof webAssembly.Memory ? memory : undefined;
}

/** The SIMD loops bound to `backend`'s heap, or undefined where they cannot run (see the file comment). */
export function wasmSimdDots(backend: WasmBackendLike): WasmSimdDots | undefined {
  const known = cache.get(backend.wasm);
  if (known !== undefined) return known ?? undefined;
  let loops: WasmSimdDots | null = null;
  try {
    const memory = backendMemory(backend);
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory?.buffer instanceof SharedArrayBuffer;
    if (webAssembly && memory && !shared) {
      const instance = new webAssembly.Instance(new webAssembly.Module(wasmSimdDotsModule()), {
        env: { memory },
      });
      loops = instance.exports as unknown as WasmSimdDots;
    }
  } catch {
    loops = null; // no SIMD in this engine: the JavaScript loop runs instead
  }
  cache.set(backend.wasm, loops);
  return loops ?? undefined;
}
