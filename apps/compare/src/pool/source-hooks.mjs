// Node module hooks that let a worker process run the app from its TypeScript sources (tests, `npm run`
// from a checkout without a build): `./x.js` imports resolve to `./x.ts` when only the source exists, and
// `.ts` files are transpiled with esbuild (types stripped, nothing bundled). Production runs use dist/.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    const relative = specifier.startsWith('./') || specifier.startsWith('../');
    if (error?.code === 'ERR_MODULE_NOT_FOUND' && relative && specifier.endsWith('.js'))
      return next(`${specifier.slice(0, -3)}.ts`, context);
    throw error;
  }
}

export async function load(url, context, next) {
  if (url.startsWith('file:') && (url.endsWith('.ts') || url.endsWith('.mts'))) {
    const path = fileURLToPath(url);
    const { code } = await transform(await readFile(path, 'utf8'), {
      loader: 'ts',
      format: 'esm',
      target: 'node20',
      sourcefile: path,
      sourcemap: 'inline',
      supported: { 'import-attributes': true },
    });
    return { format: 'module', source: code, shortCircuit: true };
  }
  return next(url, context);
}
