#!/usr/bin/env node
// Bench: one GPT train step (d=256, 4 layers, 4 heads, T=64, B=32, vocab 512, AdamW) built from
// @flopmatch/nn, timed on a TensorFlow.js backend with the custom-gradient matmul and with tfjs's default
// MatMul gradient, and — where /usr/bin/python3 has torch — the same model in PyTorch, all in one run.
//
//   node bench/train-step/run.mjs [--backend=wasm] [--steps=3] [--baseline-steps=1] [--batch=32] [--modes=custom,tfjs]
//                                 [--torch-threads=1,2] [--no-torch] [--json]
//
// The TypeScript sources are bundled on the fly with esbuild (workspace packages from their
// `@flopmatch/source` entry, everything else left to node_modules), so no build step is needed.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    steps: { type: 'string', default: '3' },
    'baseline-steps': { type: 'string', default: '1' },
    batch: { type: 'string', default: '32' },
    modes: { type: 'string', default: 'custom,tfjs' },
    'torch-threads': { type: 'string', default: '1,2' },
    'no-torch': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const config = { vocab: 512, width: 256, layers: 4, heads: 4, context: 64 };
const batch = Number(values.batch);
const steps = Number(values.steps);
const log = values.json ? () => {} : (line) => console.log(line);

// 1. Bundle the TypeScript bench.
const outDir = join(here, '..', '..', 'node_modules', '.cache', 'flopmatch-bench'); // ignored by git and biome
mkdirSync(outDir, { recursive: true });
const outfile = join(outDir, 'train-step.mjs');
await build({
  entryPoints: [join(here, 'train-step.ts')],
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
const { benchTrainStep } = await import(pathToFileURL(outfile).href);

// 2. tfjs: custom-gradient matmul vs tfjs's default MatMul gradient.
const results = [];
for (const mode of values.modes.split(',')) {
  const n = mode === 'tfjs' ? Number(values['baseline-steps']) : steps; // the baseline is ~9× slower
  log(`running ${values.backend} / ${mode} (${n} timed steps)…`);
  results.push(await benchTrainStep({ backend: values.backend, mode, config, batch, steps: n }));
}

// 3. PyTorch, where Debian's python3-torch is installed.
const torch = [];
const python = '/usr/bin/python3';
const hasTorch =
  !values['no-torch'] &&
  existsSync(python) &&
  spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
if (hasTorch) {
  for (const threads of values['torch-threads'].split(',').map(Number)) {
    log(`running pytorch with ${threads} thread(s)…`);
    const args = [
      join(here, 'torch_step.py'),
      ...Object.values(config).map(String),
      String(batch),
      String(steps),
      String(threads),
    ];
    const out = execFileSync(python, args, {
      env: { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) },
    });
    torch.push(JSON.parse(out.toString().trim().split('\n').pop()));
  }
}

// 4. Report.
const flops = results[0]?.flopsPerStep ?? 0;
const report = {
  date: new Date().toISOString(),
  machine: `${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, node ${process.version}`,
  loadAverage: loadavg(),
  config: { ...config, batch },
  flopsPerStep: flops,
  formula: '6·N·B·T + 12·L·d·T·B·T (PaLM, arXiv:2204.02311, App. B); N = matmul parameters',
  tfjs: results,
  torch,
};
const gf = (ms) => (flops / ms / 1e6).toFixed(2);
if (values.json) {
  console.log(JSON.stringify(report));
} else {
  const c = config;
  log('');
  log(`GPT train step: d=${c.width}, L=${c.layers}, H=${c.heads}, T=${c.context}, B=${batch}, V=${c.vocab}`);
  if (results[0]) {
    const r0 = results[0];
    log(
      `  N = ${(r0.matmulParams / 1e6).toFixed(3)}M matmul parameters (${(r0.params / 1e6).toFixed(3)}M in all)`,
    );
  }
  log(`  ${(flops / 1e9).toFixed(2)} GFLOP per step = ${report.formula}`);
  log(`  machine: ${report.machine}`);
  log('');
  log(
    '| runtime | matmul gradient | wall ms/step | CPU ms/step | GFLOP/s wall | GFLOP/s CPU | kernels/step | loss first → last |',
  );
  log('| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const r of results) {
    const grad = r.mode === 'custom' ? 'custom (@flopmatch/nn)' : 'tfjs default';
    const loss = `${r.lossFirst.toFixed(4)} → ${r.lossLast.toFixed(4)}`;
    const ms = `${r.msPerStep.toFixed(0)} | ${r.cpuMsPerStep.toFixed(0)}`;
    log(
      `| tfjs ${r.backend} | ${grad} | ${ms} | ${gf(r.msPerStep)} | ${gf(r.cpuMsPerStep)} | ${r.kernelsPerStep} | ${loss} |`,
    );
  }
  for (const t of torch) {
    const name = `pytorch ${t.torch} (${t.threads} thread${t.threads > 1 ? 's' : ''})`;
    const loss = `${t.loss_first.toFixed(4)} → ${t.loss_last.toFixed(4)}`;
    const ms = `${t.ms_per_step.toFixed(0)} | ${t.cpu_ms_per_step.toFixed(0)}`;
    log(`| ${name} | autograd | ${ms} | ${gf(t.ms_per_step)} | ${gf(t.cpu_ms_per_step)} | – | ${loss} |`);
  }
  const custom = results.find((r) => r.mode === 'custom');
  const base = results.find((r) => r.mode === 'tfjs');
  const ratio = (a, b) => (a / b).toFixed(2);
  log('');
  if (custom && base) {
    const wall = ratio(base.msPerStep, custom.msPerStep);
    log(
      `tfjs default gradient / custom gradient: ${wall}× (wall), ${ratio(base.cpuMsPerStep, custom.cpuMsPerStep)}× (CPU)`,
    );
  }
  for (const t of torch) {
    if (!custom) continue;
    const wall = ratio(custom.msPerStep, t.ms_per_step);
    const cpu = ratio(custom.cpuMsPerStep, t.cpu_ms_per_step);
    log(`tfjs ${custom.backend} custom / pytorch ${t.threads} thread(s): ${wall}× (wall), ${cpu}× (CPU)`);
  }
  for (const r of results) {
    if (r.tensorLeak !== 0) log(`warning: ${r.mode} leaked ${r.tensorLeak} tensors over its timed steps`);
    log(`kernels (${r.mode}): ${r.topKernels.map(([k, n]) => `${k}×${n}`).join(', ')}`);
    log(
      `kernel ms (${r.mode}, profiled step): ${r.kernelMs.map(([k, ms]) => `${k} ${ms.toFixed(0)}`).join(', ')}`,
    );
  }
  log(
    `load average at the end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(', ')} on ${cpus().length} cores`,
  );
  if (!hasTorch && !values['no-torch']) {
    log(
      'pytorch: skipped (no torch in /usr/bin/python3; apt-get install -y python3-torch libopenblas0-pthread)',
    );
  }
}
