/**
 * Every backend plug-in flopmatch ships, in `auto` order. The explicit list (STYLE.md habit 10): adding a
 * backend means adding it here, nowhere else.
 */
import type { BackendName } from '../backend-names.js';
import type { BackendPlugin } from './backend-plugin.js';
import { cpuBackend } from './cpu.js';
import { tensorflowBackend, tensorflowGpuBackend } from './tfjs-node.js';
import { wasmBackend } from './wasm.js';
import { webgpuBackend } from './webgpu.js';

export const BACKEND_PLUGINS: Record<BackendName, BackendPlugin> = {
  'tensorflow-gpu': tensorflowGpuBackend,
  webgpu: webgpuBackend,
  tensorflow: tensorflowBackend,
  wasm: wasmBackend,
  cpu: cpuBackend,
};
