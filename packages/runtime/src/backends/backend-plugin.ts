import type { BackendName } from '../backend-names.js';

/** Result of trying to load a backend. */
export interface BackendProbe {
  ok: boolean;
  /** Why it is (not) usable, in words a user can act on. */
  reason: string;
  /** How to make it available, when it is not. */
  fix?: string;
  /** Facts worth showing in `flopmatch doctor` (versions, SIMD, threads, adapter). */
  details?: Record<string, unknown>;
}

/** Settings a plug-in may honour when it loads. */
export interface BackendLoadOptions {
  /** wasm: XNNPACK threads (1 = the single-threaded build). Default 1. */
  wasmThreads?: number;
}

/**
 * A backend plug-in: loads its TensorFlow.js backend module (a guarded dynamic import for optional peers)
 * and registers it with the engine. `load` is idempotent.
 */
export interface BackendPlugin {
  readonly name: BackendName;
  /** Imports the backend and checks it really works (a real adapter for WebGPU, not a software one). */
  load(options?: BackendLoadOptions): Promise<BackendProbe>;
}

/** Imports an optional module; resolves to `undefined` (with the error) when it is not installed. */
export async function tryImport<T>(specifier: string): Promise<{ module?: T; error?: Error }> {
  try {
    return { module: (await import(specifier)) as T };
  } catch (error) {
    return { error: error as Error };
  }
}
