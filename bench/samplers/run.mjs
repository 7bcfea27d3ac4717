#!/usr/bin/env node
// Bench: every sampler (flow Euler/Heun, MaskGIT, KV-cached next-token) on the objectives' model views, at
// batch 1 (latency, beside the number of sequential network evaluations) and at a large batch
// (throughput). Prints each sampler's time and its ledger FLOPs relative to a reference sampler (Euler,
// 8 steps) measured in the same process, and the next-token per-token latency against one small uncached
// forward pass. Ratios use this process's CPU time (one wasm thread: CPU time = the wall time of an
// unshared core); wall times are printed beside them.
//
//   node bench/samplers/run.mjs [--batch=32] [--repeats=2] [--threads=1] [--width=128] [--layers=4]
//                               [--heads=4] [--flow-steps=2,4,8,16,32] [--maskgit=4,8,16] [--json]
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { importTs } from '../lib/bundle.mjs';
import { median } from '../lib/stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    batch: { type: 'string', default: '32' },
    repeats: { type: 'string', default: '2' },
    threads: { type: 'string', default: '1' },
    width: { type: 'string', default: '128' },
    layers: { type: 'string', default: '4' },
    heads: { type: 'string', default: '4' },
    'flow-steps': { type: 'string', default: '2,4,8,16,32' },
    maskgit: { type: 'string', default: '4,8,16' },
    json: { type: 'boolean', default: false },
  },
});
const list = (s) => s.split(',').map(Number);
const options = {
  backbone: { layers: Number(values.layers), width: Number(values.width), heads: Number(values.heads) },
  batch: Number(values.batch),
  repeats: Number(values.repeats),
  threads: Number(values.threads),
  flowSteps: list(values['flow-steps']),
  maskgitIterations: list(values.maskgit),
};
const load0 = loadavg();
const { benchSamplers } = await importTs(join(here, 'samplers.ts'));
const result = await benchSamplers(options);
const report = {
  date: new Date().toISOString(),
  machine: `${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, node ${process.version}`,
  loadAverage: [load0, loadavg()],
  options,
  ...result,
};
if (values.json) {
  console.log(JSON.stringify(report));
  process.exit(0);
}

const out = (line) => console.log(line);
const b = options.backbone;
out(
  `machine: ${report.machine}; load average ${load0.map((l) => l.toFixed(1)).join(', ')} → ${loadavg()
    .map((l) => l.toFixed(1))
    .join(', ')}`,
);
out(
  `backbone L=${b.layers}, d=${b.width}, H=${b.heads}; 8×8 latent grid, 16-token prompt, no guidance; tfjs ${report.backend}, ${report.threads} thread(s)`,
);
for (const batch of [1, options.batch]) {
  const rows = report.runs.filter((r) => r.batch === batch);
  const ref = rows.find((r) => r.sampler === 'euler' && r.steps === 8) ?? rows[0];
  const refCpu = median(ref.cpuMs);
  out('');
  out(
    `### batch ${batch}${batch === 1 ? ' (latency)' : ' (throughput)'} — ratios against euler, ${ref.steps} steps`,
  );
  out('');
  out(
    '| sampler | steps | NFE | sequential evals | wall ms (median) | CPU ms (median) | CPU ms / sequential eval | images/s (CPU) | GFLOP (executed) | CPU ratio | FLOP ratio | CPU ÷ FLOP ratio |',
  );
  out('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    const cpu = median(r.cpuMs);
    const cr = cpu / refCpu;
    const fr = r.flops / ref.flops;
    out(
      `| ${r.sampler} | ${r.steps} | ${r.nfe} | ${r.sequentialEvals} | ${median(r.wallMs).toFixed(0)} | ${cpu.toFixed(0)} | ${(cpu / r.sequentialEvals).toFixed(1)} | ${((1000 * batch) / cpu).toFixed(1)} | ${(r.flops / 1e9).toFixed(3)} | ${cr.toFixed(2)} | ${fr.toFixed(2)} | ${(cr / fr).toFixed(2)} |`,
    );
  }
}
const nt = report.nextToken;
const step = median(nt.stepMs);
const fwd = median(nt.forwardMs);
const ntRun = report.runs.find((r) => r.batch === 1 && r.sampler.startsWith('next-token'));
out('');
out(
  `next-token at batch 1 (CPU time): one KV-cached model step (mean over the 64 positions) ${step.toFixed(1)} ms (${(nt.stepFlops / 1e6).toFixed(2)} MFLOP) vs one uncached forward on a single image token ${fwd.toFixed(1)} ms (${(nt.forwardFlops / 1e6).toFixed(2)} MFLOP): ratio ${(step / fwd).toFixed(2)}`,
);
if (ntRun) {
  const perToken = median(ntRun.cpuMs) / ntRun.sequentialEvals;
  out(
    `next-token sampler at batch 1: ${perToken.toFixed(1)} ms CPU per token (model step + the sampler's own work per token), ${(perToken / fwd).toFixed(2)}× one uncached forward`,
  );
}
