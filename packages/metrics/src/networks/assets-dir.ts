/**
 * Where the committed evaluation networks live: `<package>/assets/<id>/` (`network.json` +
 * `weights.safetensors`), shipped in the npm package. Found from this module's location, so it works from
 * the sources, the ESM build and the CJS build alike.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NotFoundError } from '@flopmatch/core';

const PACKAGE_NAME = '@flopmatch/metrics';

function isPackageRoot(dir: string): boolean {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return false;
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}

/** The folder holding the committed evaluation networks, one subfolder per id. */
export function evalNetAssetsDir(): string {
  const here = typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url);
  let dir = dirname(here);
  for (;;) {
    if (isPackageRoot(dir)) return join(dir, 'assets');
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new NotFoundError(
    dirname(here),
    `the ${PACKAGE_NAME} package root (with assets/)`,
    'reinstall @flopmatch/metrics',
  );
}
