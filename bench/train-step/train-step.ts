/**
 * Times one GPT train step (forward, backward, AdamW) built from @flopmatch/nn on one backend.
 * Imported by run.mjs after bundling; not a test.
 */
import { Rng } from '@flopmatch/core';
import { AdamW, valueAndGrads } from '@flopmatch/nn';
import { type BackendName, initRuntime } from '@flopmatch/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { Gpt, type GptConfig, type MatmulMode, matmulParams, stepFlops } from './gpt.js';

export interface BenchOptions {
  backend: BackendName;
  mode: MatmulMode;
  config: GptConfig;
  batch: number;
  /** Timed steps (after one untimed warm-up step). */
  steps: number;
}

export interface BenchResult {
  backend: string;
  mode: MatmulMode;
  msPerStep: number;
  /** CPU time of this process per step (user + system): on one busy shared core, closer to the unshared wall time. */
  cpuMsPerStep: number;
  /** Training FLOPs per step by the PaLM formula (see gpt.ts). */
  flopsPerStep: number;
  gflops: number;
  kernelsPerStep: number;
  /** Kernels by name, most frequent first (top 8). */
  topKernels: Array<[string, number]>;
  /** Kernel time by name in the profiled step (ms, per-kernel timing adds overhead), most first (top 8). */
  kernelMs: Array<[string, number]>;
  params: number;
  matmulParams: number;
  lossFirst: number;
  lossLast: number;
  /** Tensors alive after the timed steps minus before: 0 means no leak. */
  tensorLeak: number;
}

export async function benchTrainStep(o: BenchOptions): Promise<BenchResult> {
  const info = await initRuntime({ backend: o.backend });
  const rng = new Rng('bench/train-step');
  const model = new Gpt(o.config, rng.split('model'));
  const named = model.namedVariables();
  const opt = new AdamW(named, { lr: 3e-4, beta2: 0.95, weightDecay: 0.1, noDecay: model.noDecayNames() });
  const data = rng.split('data');
  const n = o.batch * o.config.context;
  const tokens = Int32Array.from({ length: n + 1 }, () => data.int(o.config.vocab));
  const ids = tf.tensor2d(tokens.subarray(0, n), [o.batch, o.config.context], 'int32');
  const targets = tf.tensor2d(tokens.subarray(1, n + 1), [o.batch, o.config.context], 'int32');

  const step = (): number => {
    const { value, grads } = valueAndGrads(() => model.loss(ids, targets, o.mode), named);
    opt.step(grads);
    const loss = value.dataSync()[0]!; // waits for the step to finish
    tf.dispose([value, ...grads.values()]);
    return loss;
  };

  const lossFirst = step(); // warm-up (kernel compilation, allocations)
  const before = tf.memory().numTensors;
  let lossLast = lossFirst;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < o.steps; i++) lossLast = step();
  const msPerStep = (performance.now() - t0) / o.steps;
  const cpu = process.cpuUsage(cpu0);
  const cpuMsPerStep = (cpu.user + cpu.system) / 1000 / o.steps;
  const tensorLeak = tf.memory().numTensors - before;

  const profile = await tf.profile(() => {
    step();
  });
  const counts = new Map<string, number>();
  const times = new Map<string, number>();
  for (const k of profile.kernels) {
    counts.set(k.name, (counts.get(k.name) ?? 0) + 1);
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    times.set(k.name, (times.get(k.name) ?? 0) + ms);
  }
  const flopsPerStep = stepFlops(o.config, o.batch);
  const result: BenchResult = {
    backend: info.backend,
    mode: o.mode,
    msPerStep,
    cpuMsPerStep,
    flopsPerStep,
    gflops: flopsPerStep / msPerStep / 1e6,
    kernelsPerStep: profile.kernels.length,
    topKernels: [...counts].sort((a, b) => b[1] - a[1]).slice(0, 8),
    kernelMs: [...times].sort((a, b) => b[1] - a[1]).slice(0, 8),
    params: model.parameterCount(),
    matmulParams: matmulParams(o.config),
    lossFirst,
    lossLast,
    tensorLeak,
  };
  opt.dispose();
  model.dispose();
  tf.dispose([ids, targets]);
  return result;
}
