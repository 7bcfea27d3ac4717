/**
 * Probing one backend plug-in, shared by `initRuntime` (which then activates it) and `doctor` (which only
 * reports). `auto` applies one extra rule: a software WebGPU adapter is skipped unless allowed.
 */
import type { BackendName } from './backend-names.js';
import type { BackendLoadOptions, BackendProbe } from './backends/backend-plugin.js';
import { BACKEND_PLUGINS } from './backends/register-all.js';

/** A probe, with `software` set for a software WebGPU adapter. */
export type ProbeResult = BackendProbe & { software?: boolean };

/** Loads backend `name`'s plug-in; a throwing plug-in becomes a failed probe with the error message. */
export async function probeBackend(name: BackendName, options?: BackendLoadOptions): Promise<ProbeResult> {
  try {
    return await BACKEND_PLUGINS[name].load(options);
  } catch (error) {
    return { ok: false, reason: `failed to load: ${(error as Error).message}` };
  }
}

/** The probe as `auto` sees it: a software GPU adapter is refused unless `allowSoftwareGpu`. */
export function asSeenByAuto(probe: ProbeResult, allowSoftwareGpu: boolean): ProbeResult {
  if (probe.ok && probe.software === true && !allowSoftwareGpu) {
    return { ...probe, ok: false, reason: `${probe.reason}; skipped by auto (slower than wasm)` };
  }
  return probe;
}
