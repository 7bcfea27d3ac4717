// Shared tsup settings: every flopmatch package ships ESM + CJS + .d.ts with sourcemaps.
import { defineConfig } from 'tsup';

/**
 * @param {{ entry?: string[] | Record<string, string>, external?: string[] }} [options]
 */
export function libraryConfig(options = {}) {
  return defineConfig({
    entry: options.entry ?? ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    splitting: false,
    treeshake: false,
    external: options.external ?? [],
  });
}
