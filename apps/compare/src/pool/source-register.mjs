// `node --conditions=@flopmatch/source --import <this file> src/worker.ts`: installs source-hooks.mjs.
import { register } from 'node:module';

register('./source-hooks.mjs', import.meta.url);
