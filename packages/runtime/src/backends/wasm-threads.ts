/**
 * WebAssembly threads for the wasm backend under Node.
 *
 * TensorFlow.js 4.22 ships a threaded SIMD build (`tfjs-backend-wasm-threaded-simd.wasm`, XNNPACK on a
 * pthreadpool) but never loads it in Node: `WASM_HAS_MULTITHREAD_SUPPORT` is hard-wired to false there, and
 * its loader hands Emscripten a `blob:` URL for the pthread worker script, which `worker_threads` rejects
 * (ERR_WORKER_PATH). This module instantiates the threaded build itself and registers it as the `wasm`
 * backend (the tfjs kernels are registered by name, so they run on it unchanged):
 *
 * 1. the worker script tfjs embeds as a string is written once to a file in the OS temp directory, and
 *    Emscripten's `locateFile` returns that path instead of a blob URL;
 * 2. `mainScriptUrlOrBlob` names the threaded build's own JavaScript file, which each worker evaluates;
 * 3. the build caps its pool at `emscripten_num_logical_cores() / 2` (it assumes two hyper-threads per
 *    core, which leaves one thread on a 2-core machine), so the `instantiateWasm` hook overrides that
 *    import to report 2 × the requested threads.
 *
 * Whatever fails (worker spawn, instantiation, a 60 s timeout) falls back to tfjs's own single-threaded
 * backend, and the reason is kept for `initRuntime`'s report.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FlopmatchError } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';

/** The files of the threaded build (resolvable for tests that point them elsewhere). */
export interface ThreadedWasmPaths {
  /** Emscripten's JavaScript glue (CommonJS; every worker evaluates it too). */
  script: string;
  /** The threaded SIMD binary. */
  binary: string;
  /** The module exporting the pthread worker source as `wasmWorkerContents`. */
  workerSource: string;
}

/** How the threaded backend came up. */
export interface WasmThreadsOutcome {
  /** Threads asked for (1 = threads off). */
  requested: number;
  /** Threads XNNPACK runs on (1 after a fallback). */
  threads: number;
  /** Why the threaded build is not in use, when `requested` > 1 and `threads` is 1. */
  fallbackReason?: string;
}

/** The most threads the build can use: Emscripten pre-spawns a pool of 8 pthread workers. */
export const MAX_WASM_THREADS = 8;

const THREADS_ENV = 'FLOPMATCH_WASM_THREADS';
const INIT_TIMEOUT_MS = 60_000;

type WasmModule = Record<string, unknown> & {
  cwrap(name: string, ret: string | null, args: string[]): (...a: number[]) => number;
  PThread?: { terminateAllThreads(): void; runningWorkers?: Array<{ unref?: () => void }> };
};
/** The slice of the `WebAssembly` global used here (the Node typings in use do not declare it). */
interface WebAssemblyApi {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: unknown; module: unknown }>;
}
const webAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

type Factory = (config: Record<string, unknown>) => Promise<WasmModule>;
interface WasmPackage {
  BackendWasm: new (module: WasmModule) => tf.KernelBackend;
  setThreadsCount(n: number): void;
}

function here(): string {
  return typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);
}

/** The threaded build inside the installed `@tensorflow/tfjs-backend-wasm`. */
export function defaultThreadedWasmPaths(): ThreadedWasmPaths {
  const root = dirname(createRequire(here()).resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  const out = join(root, 'wasm-out');
  return {
    script: join(out, 'tfjs-backend-wasm-threaded-simd.js'),
    binary: join(out, 'tfjs-backend-wasm-threaded-simd.wasm'),
    workerSource: join(out, 'tfjs-backend-wasm-threaded-simd.worker.js'),
  };
}

/**
 * The thread count asked for: `option` if given, else `FLOPMATCH_WASM_THREADS`, else 1. `auto` means every
 * available core (up to 8). Throws a `FlopmatchError` naming the value and the fix when it is not a
 * positive integer or `auto`.
 */
export function resolveWasmThreads(
  option?: number | 'auto',
  env: Record<string, string | undefined> = process.env,
): number {
  const raw = option ?? env[THREADS_ENV] ?? 1;
  const source = option === undefined && env[THREADS_ENV] !== undefined ? ` (from ${THREADS_ENV})` : '';
  if (raw === 'auto') return Math.min(availableParallelism(), MAX_WASM_THREADS);
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_WASM_THREADS) {
    throw new FlopmatchError(
      'E_CONFIG',
      `wasm threads = ${JSON.stringify(raw)}${source} is not a thread count`,
      `use an integer from 1 (threads off) to ${MAX_WASM_THREADS}, or 'auto' for every core`,
    );
  }
  return n;
}

/** Writes the pthread worker script next to nothing else, once per build (content-addressed, atomic). */
function workerScriptFile(paths: ThreadedWasmPaths): string {
  const { wasmWorkerContents } = createRequire(here())(paths.workerSource) as { wasmWorkerContents: string };
  // tfjs inlines the script as a template literal: its "\n" escapes became newlines; restore them.
  const source = wasmWorkerContents.replace(/\n/g, '\\n');
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const file = join(tmpdir(), `flopmatch-wasm-pthread-${hash}.cjs`);
  if (!existsSync(file)) {
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, source);
    renameSync(temp, file);
  }
  return file;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Instantiates the threaded build with `threads` XNNPACK threads and returns a wasm backend on it. Rejects
 * (after stopping any worker it started) when the build cannot start.
 */
export async function createThreadedWasmBackend(
  threads: number,
  paths: ThreadedWasmPaths = defaultThreadedWasmPaths(),
): Promise<{ backend: tf.KernelBackend; threads: number }> {
  let module: WasmModule | undefined;
  try {
    const pkg = (await import('@tensorflow/tfjs-backend-wasm')) as unknown as WasmPackage;
    const factory = createRequire(here())(paths.script) as Factory;
    const worker = workerScriptFile(paths);
    const binary = readFileSync(paths.binary);
    let aborted: string | undefined;
    const started = factory({
      mainScriptUrlOrBlob: paths.script,
      locateFile: (path: string, prefix: string) => (path.endsWith('.worker.js') ? worker : prefix + path),
      instantiateWasm: (
        imports: { env: Record<string, unknown> },
        receive: (instance: unknown, module: unknown) => void,
      ) => {
        imports.env.emscripten_num_logical_cores = () => 2 * threads; // the build halves it
        webAssembly.instantiate(binary, imports).then(
          (r) => receive(r.instance, r.module),
          (error: Error) => {
            aborted = error.message;
          },
        );
        return {};
      },
      onAbort: (what: string) => {
        aborted = String(what);
      },
    }).then((m) => {
      module = m;
      return m;
    });
    const m = await withTimeout(started, INIT_TIMEOUT_MS, 'starting the wasm pthread workers');
    if (aborted) throw new Error(aborted);
    m.tfjs = {
      init: m.cwrap('init', null, []),
      initWithThreadsCount: m.cwrap('init_with_threads_count', null, ['number']),
      getThreadsCount: m.cwrap('get_threads_count', 'number', []),
      registerTensor: m.cwrap('register_tensor', null, ['number', 'number', 'number']),
      disposeData: m.cwrap('dispose_data', null, ['number']),
      dispose: m.cwrap('dispose', null, []),
    };
    pkg.setThreadsCount(threads);
    const backend = new pkg.BackendWasm(m);
    // The pool's pthreads wait for work forever; let the process exit while they do.
    for (const w of m.PThread?.runningWorkers ?? []) w.unref?.();
    const actual = (m.tfjs as { getThreadsCount(): number }).getThreadsCount();
    return { backend, threads: actual };
  } catch (error) {
    module?.PThread?.terminateAllThreads();
    throw new Error(`threaded wasm build failed to start: ${(error as Error).message ?? error}`);
  }
}

let outcome: WasmThreadsOutcome = { requested: 1, threads: 1 };
let installed: number | undefined;

/** How the last threaded install came up (`{ requested: 1, threads: 1 }` when threads are off). */
export function wasmThreadsOutcome(): WasmThreadsOutcome {
  return outcome;
}

/**
 * Makes the `wasm` backend start on the threaded build with `threads` threads when it is next initialised
 * (it must not be initialised yet; see `initRuntime`). Falls back to tfjs's single-threaded factory, with
 * the reason in `wasmThreadsOutcome()`, when the threaded build cannot start. Call after importing
 * `@tensorflow/tfjs-backend-wasm` (which registers that factory).
 */
export function installThreadedWasm(threads: number, paths?: ThreadedWasmPaths): void {
  if (installed === threads) return;
  const engine = tf.engine() as unknown as {
    registryFactory: Record<string, { factory: () => Promise<tf.KernelBackend>; priority: number }>;
  };
  const entry = engine.registryFactory.wasm;
  if (!entry) throw new FlopmatchError('E_RUNTIME', 'the wasm backend is not registered');
  const single =
    (entry as { singleThreaded?: () => Promise<tf.KernelBackend> }).singleThreaded ?? entry.factory;
  const factory = async (): Promise<tf.KernelBackend> => {
    try {
      const made = await createThreadedWasmBackend(threads, paths);
      outcome = { requested: threads, threads: made.threads };
      return made.backend;
    } catch (error) {
      outcome = { requested: threads, threads: 1, fallbackReason: (error as Error).message };
      return single();
    }
  };
  tf.removeBackend('wasm');
  tf.registerBackend('wasm', factory, entry.priority);
  Object.assign(engine.registryFactory.wasm!, { singleThreaded: single });
  outcome = { requested: threads, threads: 1, fallbackReason: 'not started yet' };
  installed = threads;
}
