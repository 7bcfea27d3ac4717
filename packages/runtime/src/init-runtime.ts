/**
 * Picks, loads and activates a TensorFlow.js backend, and says what it chose and why.
 *
 * @example
 * const info = await initRuntime({ backend: 'auto' });
 * console.log(info.backend, info.reason); // 'wasm', 'WebAssembly with SIMD, one thread …'
 */
import { FlopmatchError } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import {
  BACKEND_NAMES,
  type BackendName,
  type BackendRequest,
  isBackendRequest,
  TFJS_BACKEND_ID,
} from './backend-names.js';
import { BACKEND_PLUGINS } from './backends/register-all.js';
import { resolveWasmThreads, wasmThreadsOutcome } from './backends/wasm-threads.js';
import { asSeenByAuto, probeBackend } from './probe-backend.js';
import { gradientsRegistered } from './register-gradients.js';

/** One backend `initRuntime` tried. */
export interface BackendAttempt {
  backend: BackendName;
  ok: boolean;
  reason: string;
  fix?: string;
}

/** What the runtime is running on. */
export interface RuntimeInfo {
  requested: BackendRequest;
  backend: BackendName;
  /** `tf.getBackend()` */
  tfjsBackend: string;
  /** Why this backend was chosen. */
  reason: string;
  /** Every backend tried before (and including) the chosen one. */
  attempts: BackendAttempt[];
  details: Record<string, unknown>;
  tfjsVersion: string;
}

/** Options of `initRuntime`. */
export interface RuntimeOptions {
  /** Backend to use; default `process.env.FLOPMATCH_BACKEND`, else `auto`. */
  backend?: BackendRequest;
  /**
   * XNNPACK threads of the wasm backend: a count (1 = off) or `auto` (every core, up to 8). Default
   * `process.env.FLOPMATCH_WASM_THREADS`, else 1. Needs SIMD; decided when wasm is first initialised in the
   * process; if the threaded build cannot start, wasm runs on one thread and `details.threadsFallback`
   * says why. Threads speed up matrix products and convolutions (XNNPACK), not element-wise kernels.
   */
  wasmThreads?: number | 'auto';
  /**
   * With `auto`, accept a software WebGPU adapter (lavapipe, SwiftShader). Default false: software
   * adapters are slower than wasm; name `webgpu` explicitly to test WebGPU code paths on them.
   */
  allowSoftwareGpu?: boolean;
}

/** The requested backend cannot be used here; the message says why and how to install it. */
export class BackendUnavailableError extends FlopmatchError {
  constructor(backend: string, reason: string, fix?: string) {
    super('E_BACKEND_UNAVAILABLE', `backend '${backend}' is not available: ${reason}`, fix);
  }
}

let current: RuntimeInfo | undefined;

/** The runtime chosen by the last `initRuntime`, or undefined before it. */
export function runtimeInfo(): RuntimeInfo | undefined {
  return current;
}

function resolveRequest(options: RuntimeOptions): BackendRequest {
  const raw = options.backend ?? process.env.FLOPMATCH_BACKEND ?? 'auto';
  if (!isBackendRequest(raw)) {
    throw new FlopmatchError(
      'E_CONFIG',
      `unknown backend '${raw}'${options.backend ? '' : ' (from FLOPMATCH_BACKEND)'}`,
      `use one of auto, ${BACKEND_NAMES.join(', ')}`,
    );
  }
  return raw;
}

/** The wasm probe's details with the thread count that actually came up (known only after activation). */
function wasmDetails(details: Record<string, unknown>): Record<string, unknown> {
  const outcome = wasmThreadsOutcome();
  return {
    ...details,
    threads: outcome.threads > 1,
    threadCount: outcome.threads,
    ...(outcome.fallbackReason && outcome.requested > 1 ? { threadsFallback: outcome.fallbackReason } : {}),
  };
}

async function activate(name: BackendName): Promise<void> {
  const id = TFJS_BACKEND_ID[name];
  const ok = await tf.setBackend(id);
  await tf.ready();
  if (!ok || tf.getBackend() !== id) throw new Error(`tf.setBackend('${id}') did not take effect`);
}

/**
 * Loads and activates a backend. `auto` tries tfjs-node-gpu, WebGPU on a real GPU adapter, tfjs-node,
 * wasm, then cpu, and takes the first that works. A named backend that cannot load throws
 * `BackendUnavailableError` with the reason and the install command.
 */
export async function initRuntime(options: RuntimeOptions = {}): Promise<RuntimeInfo> {
  const requested = resolveRequest(options);
  const wasmThreads = resolveWasmThreads(options.wasmThreads);
  if (!gradientsRegistered()) {
    throw new FlopmatchError(
      'E_RUNTIME',
      'TensorFlow.js gradients are not registered',
      'import @tensorflow/tfjs-layers once',
    );
  }
  // The pure-JS backend is always registered: other backends fall back to it for a few ops.
  await BACKEND_PLUGINS.cpu.load();
  const candidates: BackendName[] = requested === 'auto' ? [...BACKEND_NAMES] : [requested];
  const attempts: BackendAttempt[] = [];
  for (const name of candidates) {
    let probe = await probeBackend(name, { wasmThreads });
    if (requested === 'auto') probe = asSeenByAuto(probe, options.allowSoftwareGpu ?? false);
    if (probe.ok) {
      try {
        await activate(name);
      } catch (error) {
        probe = { ok: false, reason: `loaded but could not be activated: ${(error as Error).message}` };
      }
    }
    attempts.push({
      backend: name,
      ok: probe.ok,
      reason: probe.reason,
      ...(probe.fix ? { fix: probe.fix } : {}),
    });
    if (probe.ok) {
      current = {
        requested,
        backend: name,
        tfjsBackend: tf.getBackend(),
        reason:
          requested === 'auto'
            ? `auto: ${name} is the fastest backend that works here (${probe.reason})`
            : `requested ${name} (${probe.reason})`,
        attempts,
        details: name === 'wasm' ? wasmDetails(probe.details ?? {}) : (probe.details ?? {}),
        tfjsVersion: tf.version_core,
      };
      return current;
    }
    if (requested !== 'auto') throw new BackendUnavailableError(name, probe.reason, probe.fix);
  }
  throw new BackendUnavailableError('auto', attempts.map((a) => `${a.backend}: ${a.reason}`).join('; '));
}
