/**
 * How to start a worker process: the built `worker.js` beside the running `cli.js`, or, when the app runs
 * from its TypeScript sources (tests, a checkout without a build), `src/worker.ts` through the source hooks.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A script and the Node flags to run it with. */
export interface WorkerEntry {
  script: string;
  execArgv: string[];
}

/** The worker entry for the app containing `from` (default: this module). */
export function resolveWorkerEntry(from: string = import.meta.url): WorkerEntry {
  const here = dirname(fileURLToPath(from));
  // Built: dist/cli.js and dist/worker.js are siblings (tsup bundles each entry into dist/).
  const built = join(here, 'worker.js');
  if (existsSync(built) && !from.endsWith('.ts')) return { script: built, execArgv: [] };
  // Source: this file is src/pool/worker-entry.ts (or src/cli.ts); the worker is src/worker.ts.
  const src = here.endsWith(join('src', 'pool')) ? dirname(here) : here;
  return {
    script: join(src, 'worker.ts'),
    execArgv: ['--conditions=@flopmatch/source', '--import', join(src, 'pool', 'source-register.mjs')],
  };
}
