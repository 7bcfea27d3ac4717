import type { BackendPlugin, BackendProbe } from './backend-plugin.js';
import { tryImport } from './backend-plugin.js';

interface DawnModule {
  create(flags: string[]): unknown;
  globals: Record<string, unknown>;
}
interface AdapterInfo {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface GpuLike {
  requestAdapter(
    options?: unknown,
  ): Promise<{ info?: AdapterInfo; features: Set<string>; isFallbackAdapter?: boolean } | null>;
}

const SOFTWARE_ADAPTER = /llvmpipe|lavapipe|swiftshader|software/i;

/** Describes the adapter the WebGPU backend will use, or why there is none. */
export async function probeWebGpuAdapter(): Promise<BackendProbe & { software?: boolean }> {
  const nav = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator;
  if (!nav?.gpu) {
    const dawn = await tryImport<DawnModule>('webgpu');
    if (!dawn.module) {
      return {
        ok: false,
        reason: 'the npm package `webgpu` (Dawn for Node) is not installed',
        fix: 'npm install webgpu @tensorflow/tfjs-backend-webgpu, plus a Vulkan loader (Debian: libvulkan1)',
      };
    }
    // The tfjs WebGPU backend reads navigator.gpu when it is imported: set it up first.
    const flags = (process.env.FLOPMATCH_DAWN_FLAGS ?? '').split(' ').filter(Boolean);
    Object.assign(globalThis, dawn.module.globals);
    const g = globalThis as { navigator?: Record<string, unknown> };
    g.navigator = { ...(g.navigator ?? {}), gpu: dawn.module.create(flags) };
  }
  const gpu = (globalThis as unknown as { navigator: { gpu: GpuLike } }).navigator.gpu;
  let adapter: Awaited<ReturnType<GpuLike['requestAdapter']>>;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    return { ok: false, reason: `requesting a WebGPU adapter failed: ${(error as Error).message}` };
  }
  if (!adapter) {
    return {
      ok: false,
      reason: 'no WebGPU adapter: no GPU driver reachable through Vulkan',
      fix: 'install a Vulkan loader (libvulkan1) and the GPU vendor ICD; set VK_DRIVER_FILES to its JSON',
    };
  }
  const info = adapter.info ?? {};
  const label = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ');
  const software =
    Boolean(adapter.isFallbackAdapter ?? info.isFallbackAdapter) || SOFTWARE_ADAPTER.test(label);
  return {
    ok: true,
    software,
    reason: software ? `software WebGPU adapter (${label}): correct but slow` : `GPU adapter ${label}`,
    details: { adapter: label, features: [...adapter.features].sort() },
  };
}

/** WebGPU through Dawn (npm `webgpu`); the GPU path on machines where tfjs-node-gpu cannot install. */
export const webgpuBackend: BackendPlugin = {
  name: 'webgpu',
  async load() {
    const probe = await probeWebGpuAdapter();
    if (!probe.ok) return probe;
    const backend = await tryImport('@tensorflow/tfjs-backend-webgpu');
    if (!backend.module) {
      return {
        ok: false,
        reason: `@tensorflow/tfjs-backend-webgpu could not be imported: ${backend.error?.message}`,
        fix: 'npm install @tensorflow/tfjs-backend-webgpu@4.22.0',
      };
    }
    return probe;
  },
};
