/**
 * Times one GPT train step (forward, backward, AdamW) built from @flopmatch/nn on one backend, and
 * optionally profiles one step kernel by kernel in CPU time. Imported by step-child.mjs after bundling;
 * not a test.
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
  /** XNNPACK threads of the wasm backend (1 = the single-threaded build). */
  threads: number;
  /** Also profile one step, kernel by kernel, in CPU time. */
  profile: boolean;
}

export interface BenchResult {
  backend: string;
  mode: MatmulMode;
  /** Threads the wasm backend actually runs on (1 after a fallback). */
  threads: number;
  threadsFallback?: string;
  /** Wall time of each timed step (ms). */
  wallMs: number[];
  /** CPU time of this process (all threads, user + system) of each timed step (ms). */
  cpuMs: number[];
  /** Training FLOPs per step by the PaLM formula (see gpt.ts). */
  flopsPerStep: number;
  kernelsPerStep: number;
  /** Kernels by name, most frequent first (top 8). */
  topKernels: Array<[string, number]>;
  /** CPU ms by kernel name in the profiled step, most first (top 10); empty without `profile`. */
  kernelCpuMs: Array<[string, number]>;
  /** CPU ms of the profiled step's registered kernels (custom-gradient wrappers, which nest them, excluded). */
  kernelCpuTotalMs: number;
  /** Of which matrix products (BatchMatMul, _FusedMatMul, FlopmatchBatchMatMul). */
  productCpuMs: number;
  /** CPU ms by kernel name and input shapes, most first (top 10); empty without `profile`. */
  kernelShapeCpuMs: Array<[string, number, number]>;
  params: number;
  matmulParams: number;
  lossFirst: number;
  lossLast: number;
  /** Tensors alive after the timed steps minus before: 0 means no leak. */
  tensorLeak: number;
}

interface TimedBackend {
  time(f: () => void): Promise<{ kernelMs: number }>;
}

/** Runs `f` under tf.profile with each kernel timed in process CPU time instead of wall time. */
async function cpuProfile(f: () => void): ReturnType<typeof tf.profile> {
  const backend = tf.backend() as unknown as TimedBackend;
  const wall = backend.time;
  backend.time = async (g) => {
    const c0 = process.cpuUsage();
    g();
    const c = process.cpuUsage(c0);
    return { kernelMs: (c.user + c.system) / 1000 };
  };
  try {
    return await tf.profile(f);
  } finally {
    backend.time = wall;
  }
}

function top<K>(map: Map<K, number>, n: number): Array<[K, number]> {
  return [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
}

export async function benchTrainStep(o: BenchOptions): Promise<BenchResult> {
  const info = await initRuntime({ backend: o.backend, wasmThreads: o.threads });
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
  const wallMs: number[] = [];
  const cpuMs: number[] = [];
  for (let i = 0; i < o.steps; i++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    lossLast = step();
    wallMs.push(performance.now() - t0);
    const cpu = process.cpuUsage(cpu0);
    cpuMs.push((cpu.user + cpu.system) / 1000);
  }
  const tensorLeak = tf.memory().numTensors - before;

  const profile = o.profile ? await cpuProfile(() => void step()) : await tf.profile(() => void step());
  const counts = new Map<string, number>();
  const times = new Map<string, number>();
  const byShape = new Map<string, number>();
  const shapeCounts = new Map<string, number>();
  let kernelCpuTotalMs = 0;
  let productCpuMs = 0;
  const backendName = tf.getBackend();
  for (const k of profile.kernels) {
    counts.set(k.name, (counts.get(k.name) ?? 0) + 1);
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    if (tf.getKernel(k.name, backendName)) kernelCpuTotalMs += ms;
    if (/^(BatchMatMul|_FusedMatMul|FlopmatchBatchMatMul)$/.test(k.name)) productCpuMs += ms;
    times.set(k.name, (times.get(k.name) ?? 0) + ms);
    const key = `${k.name} ${k.inputShapes.map((s) => `[${s}]`).join(' ')}`;
    byShape.set(key, (byShape.get(key) ?? 0) + ms);
    shapeCounts.set(key, (shapeCounts.get(key) ?? 0) + 1);
  }
  const result: BenchResult = {
    backend: info.backend,
    mode: o.mode,
    threads: Number(info.details.threadCount ?? 1),
    ...(typeof info.details.threadsFallback === 'string'
      ? { threadsFallback: info.details.threadsFallback }
      : {}),
    wallMs,
    cpuMs,
    flopsPerStep: stepFlops(o.config, o.batch),
    kernelsPerStep: profile.kernels.length,
    topKernels: top(counts, 8),
    kernelCpuMs: o.profile ? top(times, 10) : [],
    kernelCpuTotalMs,
    productCpuMs,
    kernelShapeCpuMs: o.profile
      ? top(byShape, 10).map(([k, ms]) => [k, ms, shapeCounts.get(k) ?? 0] as [string, number, number])
      : [],
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
