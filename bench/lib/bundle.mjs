// Bundles a TypeScript bench entry with esbuild (workspace packages from their `@flopmatch/source`
// entry, every other import left to node_modules) into node_modules/.cache, and imports it. Shared by the
// benches so none needs a build step.
import { mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Bundles `entry` (an absolute path to a .ts file) and returns its module namespace. */
export async function importTs(entry) {
  const outDir = join(root, 'node_modules', '.cache', 'flopmatch-bench'); // ignored by git and biome
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, `${basename(dirname(entry))}-${basename(entry, '.ts')}.mjs`);
  await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile,
    conditions: ['@flopmatch/source'],
    logLevel: 'warning',
    plugins: [
      {
        name: 'workspace-only',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('@flopmatch/') ? undefined : { path: args.path, external: true },
          );
        },
      },
    ],
  });
  return import(`${pathToFileURL(outfile).href}?t=${Date.now()}`);
}
