/**
 * The backends flopmatch can run on, in the order `auto` tries them (fastest first).
 * - `tensorflow-gpu`: `@tensorflow/tfjs-node-gpu` (libtensorflow + CUDA), optional peer dependency.
 * - `webgpu`: `@tensorflow/tfjs-backend-webgpu` over the npm `webgpu` package (Dawn → Vulkan/Metal/D3D12).
 * - `tensorflow`: `@tensorflow/tfjs-node` (libtensorflow on the CPU), optional peer dependency.
 * - `wasm`: `@tensorflow/tfjs-backend-wasm` (XNNPACK, SIMD): the default on CPU machines.
 * - `cpu`: `@tensorflow/tfjs-backend-cpu`, pure JavaScript: slow, always available, the reference.
 */
export const BACKEND_NAMES = ['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'] as const;

/** A concrete backend flopmatch knows how to load. */
export type BackendName = (typeof BACKEND_NAMES)[number];

/** What `initRuntime` accepts: a concrete backend or `auto`. */
export type BackendRequest = BackendName | 'auto';

/** The name TensorFlow.js registers each backend under (`tf.getBackend()`). */
export const TFJS_BACKEND_ID: Record<BackendName, string> = {
  'tensorflow-gpu': 'tensorflow',
  webgpu: 'webgpu',
  tensorflow: 'tensorflow',
  wasm: 'wasm',
  cpu: 'cpu',
};

export function isBackendRequest(value: string): value is BackendRequest {
  return value === 'auto' || (BACKEND_NAMES as readonly string[]).includes(value);
}
