#!/usr/bin/env node
// Bench: one GPT train step built from @flopmatch/nn on TensorFlow.js (wasm, 1 and 2 XNNPACK threads) against
// the same model, batch and optimizer in PyTorch (Debian python3-torch, 1 and 2 threads), in one run.
//
//   node bench/train-step/run.mjs [--presets=reference,demo] [--threads=1,2] [--rounds=2] [--steps=3]
//                                 [--backend=wasm] [--modes=custom] [--baseline-steps=1] [--profile]
//                                 [--no-torch] [--json]
//
// Presets: `reference` d=256, 4 layers, 4 heads, T=64, B=32, V=512 (the size this bench has always used);
// `demo` d=128, 4 layers, 4 heads, T=80 (a 16-token prompt + an 8×8 grid), B=32, V=512.
// Every tfjs configuration runs in its own process (the wasm thread count is fixed per process); the
// machine is shared, so each round runs tfjs and PyTorch back to back at each thread count, and the ratios
// compare medians over all rounds (and minima, the least-disturbed steps). `--modes=custom,tfjs` adds tfjs's
// own MatMul gradient (transpose flags; ~10× slower) as the historical baseline.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median, min, ratio } from '../lib/stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    presets: { type: 'string', default: 'reference,demo' },
    threads: { type: 'string', default: '1,2' },
    rounds: { type: 'string', default: '2' },
    steps: { type: 'string', default: '3' },
    backend: { type: 'string', default: 'wasm' },
    modes: { type: 'string', default: 'custom' },
    'baseline-steps': { type: 'string', default: '1' },
    profile: { type: 'boolean', default: false },
    'no-torch': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const PRESETS = {
  reference: { config: { vocab: 512, width: 256, layers: 4, heads: 4, context: 64 }, batch: 32 },
  demo: { config: { vocab: 512, width: 128, layers: 4, heads: 4, context: 80 }, batch: 32 },
};
const log = values.json ? () => {} : (line) => console.error(line);
const threadCounts = values.threads.split(',').map(Number);
const rounds = Number(values.rounds);
const steps = Number(values.steps);

const python = '/usr/bin/python3';
const hasTorch =
  !values['no-torch'] &&
  existsSync(python) &&
  spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;

function tfjsStep(preset, mode, threads, n, profile) {
  const options = { backend: values.backend, mode, threads, ...PRESETS[preset], steps: n, profile };
  const out = execFileSync(process.execPath, [join(here, 'step-child.mjs'), JSON.stringify(options)], {
    maxBuffer: 1 << 26,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.toString().trim().split('\n').pop());
}

function torchStep(preset, threads) {
  const { config, batch } = PRESETS[preset];
  const args = [
    join(here, 'torch_step.py'),
    ...Object.values(config).map(String),
    String(batch),
    String(steps),
  ];
  const out = execFileSync(python, [...args, String(threads)], {
    env: { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) },
  });
  return JSON.parse(out.toString().trim().split('\n').pop());
}

const report = {
  date: new Date().toISOString(),
  machine: `${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, node ${process.version}`,
  loadAverageStart: loadavg(),
  presets: {},
};

for (const preset of values.presets.split(',')) {
  const runs = { tfjs: {}, torch: {}, baseline: undefined, profile: undefined, meta: undefined };
  for (const t of threadCounts) {
    runs.tfjs[t] = { wall: [], cpu: [], loss: [] };
    runs.torch[t] = { wall: [], cpu: [], loss: [] };
  }
  for (let r = 0; r < rounds; r++) {
    for (const t of threadCounts) {
      log(`${preset} round ${r + 1}/${rounds}: tfjs ${values.backend} ${t} thread(s)…`);
      const profile = values.profile && r === 0 && t === threadCounts[0];
      const res = tfjsStep(preset, 'custom', t, steps, profile);
      if (res.threads !== t)
        log(`  warning: asked for ${t} threads, got ${res.threads} (${res.threadsFallback ?? ''})`);
      runs.tfjs[t].wall.push(...res.wallMs);
      runs.tfjs[t].cpu.push(...res.cpuMs);
      runs.tfjs[t].loss.push(res.lossFirst, res.lossLast);
      runs.tfjs[t].leak = (runs.tfjs[t].leak ?? 0) + res.tensorLeak;
      runs.tfjs[t].kernelsPerStep = res.kernelsPerStep;
      runs.tfjs[t].actualThreads = res.threads;
      runs.meta ??= { flopsPerStep: res.flopsPerStep, params: res.params, matmulParams: res.matmulParams };
      if (profile) {
        runs.profile = {
          kernelCpuMs: res.kernelCpuMs,
          kernelShapeCpuMs: res.kernelShapeCpuMs,
          topKernels: res.topKernels,
          kernelCpuTotalMs: res.kernelCpuTotalMs,
          productCpuMs: res.productCpuMs,
        };
      }
      if (!hasTorch) continue;
      log(`${preset} round ${r + 1}/${rounds}: pytorch ${t} thread(s)…`);
      const tr = torchStep(preset, t);
      runs.torch[t].wall.push(...tr.wall_ms);
      runs.torch[t].cpu.push(...tr.cpu_ms);
      runs.torch[t].loss.push(tr.loss_first, tr.loss_last);
      runs.torch[t].version = tr.torch;
    }
  }
  if (values.modes.split(',').includes('tfjs')) {
    log(`${preset}: tfjs default MatMul gradient (baseline), 1 thread…`);
    const res = tfjsStep(preset, 'tfjs', 1, Number(values['baseline-steps']), false);
    runs.baseline = { wall: res.wallMs, cpu: res.cpuMs, kernelsPerStep: res.kernelsPerStep };
  }
  report.presets[preset] = { ...PRESETS[preset], runs };
}
report.loadAverageEnd = loadavg();

if (values.json) {
  console.log(JSON.stringify(report));
  process.exit(0);
}

const out = (line) => console.log(line);
const gf = (flops, ms) => (flops / ms / 1e6).toFixed(1);
out(
  `machine: ${report.machine}; load average ${report.loadAverageStart.map((l) => l.toFixed(1)).join(', ')} → ${report.loadAverageEnd.map((l) => l.toFixed(1)).join(', ')}`,
);
for (const [preset, p] of Object.entries(report.presets)) {
  const { config: c, batch, runs } = p;
  const flops = runs.meta.flopsPerStep;
  out('');
  out(
    `## ${preset}: d=${c.width}, L=${c.layers}, H=${c.heads}, T=${c.context}, B=${batch}, V=${c.vocab} — ${(flops / 1e9).toFixed(2)} GFLOP/step, ${(runs.meta.params / 1e6).toFixed(2)}M params`,
  );
  out('');
  out(
    '| runtime | threads | wall ms/step median (min) | CPU ms/step median | GFLOP/s wall (median) | kernels/step | steps |',
  );
  out('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  const row = (name, t, r, kernels) =>
    out(
      `| ${name} | ${t} | ${median(r.wall).toFixed(0)} (${min(r.wall).toFixed(0)}) | ${median(r.cpu).toFixed(0)} | ${gf(flops, median(r.wall))} | ${kernels} | ${r.wall.length} |`,
    );
  for (const t of threadCounts) {
    row(
      `tfjs ${values.backend} (@flopmatch/nn)`,
      runs.tfjs[t].actualThreads ?? t,
      runs.tfjs[t],
      runs.tfjs[t].kernelsPerStep,
    );
    if (hasTorch) row(`pytorch ${runs.torch[t].version}`, t, runs.torch[t], '–');
  }
  if (runs.baseline)
    row(`tfjs ${values.backend}, tfjs MatMul gradient`, 1, runs.baseline, runs.baseline.kernelsPerStep);
  out('');
  for (const t of threadCounts) {
    if (!hasTorch) break;
    const a = runs.tfjs[t];
    const b = runs.torch[t];
    out(
      `tfjs / pytorch, ${t} thread(s): ${ratio(median(a.wall), median(b.wall))} wall (median), ${ratio(min(a.wall), min(b.wall))} wall (min), ${ratio(median(a.cpu), median(b.cpu))} CPU`,
    );
  }
  if (threadCounts.length > 1) {
    const [t0, t1] = [threadCounts[0], threadCounts[threadCounts.length - 1]];
    out(
      `tfjs ${t0} → ${t1} threads: ${ratio(median(runs.tfjs[t0].wall), median(runs.tfjs[t1].wall))} faster (wall median), ${ratio(min(runs.tfjs[t0].wall), min(runs.tfjs[t1].wall))} (min)`,
    );
    if (hasTorch)
      out(
        `pytorch ${t0} → ${t1} threads: ${ratio(median(runs.torch[t0].wall), median(runs.torch[t1].wall))} faster (wall median)`,
      );
  }
  if (runs.baseline)
    out(
      `tfjs MatMul gradient / @flopmatch/nn: ${ratio(median(runs.baseline.wall), median(runs.tfjs[threadCounts[0]].wall))} wall, ${ratio(median(runs.baseline.cpu), median(runs.tfjs[threadCounts[0]].cpu))} CPU`,
    );
  for (const t of threadCounts) {
    const r = runs.tfjs[t];
    out(
      `loss (tfjs, ${t} thread(s)): ${r.loss.map((l) => l.toFixed(4)).join(', ')}${r.leak ? `; warning: ${r.leak} tensors leaked` : ''}`,
    );
    if (hasTorch)
      out(`loss (pytorch, ${t} thread(s)): ${runs.torch[t].loss.map((l) => l.toFixed(4)).join(', ')}`);
  }
  if (runs.profile) {
    const pr = runs.profile;
    out(
      `profiled step (${threadCounts[0]} thread): kernels ${pr.kernelCpuTotalMs.toFixed(0)} ms CPU, of which matrix products ${pr.productCpuMs.toFixed(0)} ms (${((100 * pr.productCpuMs) / pr.kernelCpuTotalMs).toFixed(0)}%, ${gf(flops, pr.productCpuMs)} GFLOP/s)`,
    );
    out(`kernel CPU ms by name: ${pr.kernelCpuMs.map(([k, ms]) => `${k} ${ms.toFixed(0)}`).join(', ')}`);
    out('top kernels by shape (CPU ms, calls):');
    for (const [k, ms, n] of runs.profile.kernelShapeCpuMs)
      out(`  ${ms.toFixed(0).padStart(6)} ms ×${n}  ${k}`);
  }
}
if (!hasTorch && !values['no-torch']) {
  out(
    'pytorch: skipped (no torch in /usr/bin/python3; apt-get install -y python3-torch libopenblas0-pthread)',
  );
}
