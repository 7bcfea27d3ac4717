import type { BackendPlugin } from './backend-plugin.js';
import { tryImport } from './backend-plugin.js';

function nodeBinding(name: 'tensorflow' | 'tensorflow-gpu', pkg: string, needs: string): BackendPlugin {
  return {
    name,
    async load() {
      const loaded = await tryImport(pkg);
      if (!loaded.module) {
        const missing = /Cannot find (package|module)/.test(loaded.error?.message ?? '');
        return {
          ok: false,
          reason: missing
            ? `${pkg} is not installed (optional)`
            : `${pkg} failed to load: ${loaded.error?.message}`,
          fix: `npm install ${pkg}@4.22.0 — its install script downloads libtensorflow (${needs}) and needs internet access`,
        };
      }
      return { ok: true, reason: `${pkg} (libtensorflow ${needs})` };
    },
  };
}

/** libtensorflow with CUDA (`@tensorflow/tfjs-node-gpu`): optional peer, loaded only if present. */
export const tensorflowGpuBackend = nodeBinding(
  'tensorflow-gpu',
  '@tensorflow/tfjs-node-gpu',
  'CUDA 11.2 build',
);
/** libtensorflow on the CPU (`@tensorflow/tfjs-node`): optional peer, loaded only if present. */
export const tensorflowBackend = nodeBinding('tensorflow', '@tensorflow/tfjs-node', 'CPU build');
