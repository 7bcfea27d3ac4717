#!/usr/bin/env node
// One tfjs train-step configuration in its own process (the wasm thread count is fixed per process):
// prints one JSON line with the BenchResult of train-step.ts. Spawned by run.mjs.
//
//   node bench/train-step/step-child.mjs '{"backend":"wasm","mode":"custom","threads":2,"config":{…},"batch":32,"steps":3,"profile":false}'
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importTs } from '../lib/bundle.mjs';

const options = JSON.parse(process.argv[2] ?? '{}');
const { benchTrainStep } = await importTs(join(dirname(fileURLToPath(import.meta.url)), 'train-step.ts'));
console.log(JSON.stringify(await benchTrainStep(options)));
process.exit(0);
