#!/usr/bin/env node
// Kernel profile of one KV-cached next-token decode (64 steps) on wasm: which kernels the decode steps
// spend their time in. `node bench/samplers/profile-decode.mjs [--batch=32] [--width=128] [--layers=4] [--heads=4]
// [--step]` (--step also prints one mid-decode step's kernels in launch order, runs of one name collapsed).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { importTs } from '../lib/bundle.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    batch: { type: 'string', default: '32' },
    width: { type: 'string', default: '128' },
    layers: { type: 'string', default: '4' },
    heads: { type: 'string', default: '4' },
    step: { type: 'boolean', default: false },
  },
});
const { profileDecode } = await importTs(join(here, 'profile-decode.ts'));
const p = await profileDecode({
  batch: Number(values.batch),
  backbone: { layers: Number(values.layers), width: Number(values.width), heads: Number(values.heads) },
});
const total = p.kernels.reduce((s, k) => s + k.ms, 0);
console.log(
  `one decode at batch ${values.batch}: ${p.cpuMs.toFixed(0)} ms CPU; ${p.kernelsPerStep.toFixed(0)} kernels per step; profiled kernel time ${total.toFixed(0)} ms`,
);
console.log('| kernel | launches | ms | share |');
console.log('| --- | ---: | ---: | ---: |');
for (const k of p.kernels.slice(0, 25)) {
  console.log(`| ${k.name} | ${k.count} | ${k.ms.toFixed(1)} | ${((100 * k.ms) / total).toFixed(1)} % |`);
}
if (values.step) {
  const runs = [];
  for (const name of p.step) {
    const last = runs[runs.length - 1];
    if (last && last.name === name) last.n += 1;
    else runs.push({ name, n: 1 });
  }
  console.log(`\none step (position 32), ${p.step.length} kernels in launch order:`);
  console.log(runs.map((r) => (r.n > 1 ? `${r.name}×${r.n}` : r.name)).join(' → '));
}
