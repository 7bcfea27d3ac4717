/**
 * @packageDocumentation
 * `@flopmatch/runtime`: the tensor runtime. Backends are plug-ins (`BACKEND_PLUGINS`); `initRuntime` picks
 * the fastest that works and reports why. Import `tf` from here so every package shares one engine with
 * gradients registered.
 */
import './register-gradients.js';

export * as tf from '@tensorflow/tfjs-core';
export * from './backend-names.js';
export * from './backend-option.js';
export type { BackendPlugin, BackendProbe } from './backends/backend-plugin.js';
export { BACKEND_PLUGINS } from './backends/register-all.js';
export { probeWebGpuAdapter } from './backends/webgpu.js';
export * from './doctor-command.js';
export * from './float16.js';
export * from './host-tensors.js';
export * from './init-runtime.js';
export { asSeenByAuto, type ProbeResult, probeBackend } from './probe-backend.js';
export { gradientsRegistered } from './register-gradients.js';
