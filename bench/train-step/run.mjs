#!/usr/bin/env node
// Bench: one GPT train step (d=256, 4 layers, 4 heads, T=64, B=32, vocab 512, AdamW) built from
// @flopmatch/nn, timed on a TensorFlow.js backend with the custom-gradient matmul and with tfjs's default
// MatMul gradient, and — where /usr/bin/python3 has torch — the same model in PyTorch, all in one run.
//
//   node bench/train-step/run.mjs [--backend=wasm] [--steps=3] [--batch=32] [--modes=custom,tfjs]
//                                 [--torch-threads=1,2] [--no-torch] [--json]
//
// The TypeScript sources are bundled on the fly with esbuild (workspace packages from their
// `@flopmatch/source` entry, everything else left to node_modules), so no build step is needed.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    steps: { type: 'string', default: '3' },
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
const outDir = join(here, 'tmp'); // git-ignored
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
  log(`running ${values.backend} / ${mode} (${steps} timed steps)…`);
  results.push(await benchTrainStep({ backend: values.backend, mode, config, batch, steps }));
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
  config: { ...config, batch },
  flopsPerStep: flops,
  formula: '6·N·B·T + 12·L·d·T·B·T (PaLM, arXiv:2204.02311, App. B); N = matmul parameters',
  tfjs: results,
  torch,
};
if (values.json) {
  console.log(JSON.stringify(report));
} else {
  const r0 = results[0];
  log('');
  log(
    `GPT train step: d=${config.width}, L=${config.layers}, H=${config.heads}, T=${config.context}, B=${batch}, V=${config.vocab}`,
  );
  log(
    `  N = ${(r0.matmulParams / 1e6).toFixed(3)}M matmul parameters (${(r0.params / 1e6).toFixed(3)}M in all)`,
  );
  log(`  ${(flops / 1e9).toFixed(2)} GFLOP per step = ${report.formula}`);
  log(`  machine: ${report.machine}`);
  log('');
  log('| runtime | matmul gradient | ms/step | GFLOP/s | kernels/step | loss first → last |');
  log('| --- | --- | ---: | ---: | ---: | --- |');
  for (const r of results) {
    const grad = r.mode === 'custom' ? 'custom (@flopmatch/nn)' : 'tfjs default';
    log(
      `| tfjs ${r.backend} | ${grad} | ${r.msPerStep.toFixed(0)} | ${r.gflops.toFixed(2)} | ${r.kernelsPerStep} | ${r.lossFirst.toFixed(4)} → ${r.lossLast.toFixed(4)} |`,
    );
  }
  for (const t of torch) {
    log(
      `| pytorch ${t.torch} (${t.threads} thread${t.threads > 1 ? 's' : ''}) | autograd | ${t.ms_per_step.toFixed(0)} | ${(flops / t.ms_per_step / 1e6).toFixed(2)} | – | ${t.loss_first.toFixed(4)} → ${t.loss_last.toFixed(4)} |`,
    );
  }
  const custom = results.find((r) => r.mode === 'custom');
  const base = results.find((r) => r.mode === 'tfjs');
  log('');
  if (custom && base)
    log(`tfjs default gradient / custom gradient: ${(base.msPerStep / custom.msPerStep).toFixed(1)}× slower`);
  for (const t of torch)
    if (custom)
      log(
        `tfjs ${custom.backend} custom / pytorch (${t.threads} thr): ${(custom.msPerStep / t.ms_per_step).toFixed(2)}×`,
      );
  for (const r of results)
    if (r.tensorLeak !== 0) log(`warning: ${r.mode} leaked ${r.tensorLeak} tensors per ${steps} steps`);
  for (const r of results) {
    log(`kernels (${r.mode}): ${r.topKernels.map(([k, n]) => `${k}×${n}`).join(', ')}`);
    log(`kernel ms (${r.mode}, profiled step): ${r.kernelMs.map(([k, ms]) => `${k} ${ms.toFixed(0)}`).join(', ')}`);
  }
  if (!hasTorch && !values['no-torch'])
    log(
      'pytorch: skipped (/usr/bin/python3 has no torch; apt-get install -y python3-torch libopenblas0-pthread)',
    );
}
