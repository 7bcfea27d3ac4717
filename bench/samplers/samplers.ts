/**
 * Times every sampler of @flopmatch/samplers on the three objectives' model views (same backbone size, an
 * 8 × 8 latent grid, a 16-token prompt), at batch 1 (latency) and at a large batch (throughput), next to
 * the FLOPs each call is charged by the ledger. Imported by run.mjs after bundling; not a test.
 *
 * The networks are untrained (timing does not depend on the weights) and the codecs are the exact-inverse
 * fakes of @flopmatch/samplers/testing, so the decoder costs nothing and the backbone is what is timed.
 */
import { Rng } from '@flopmatch/core';
import { FlowObjective } from '@flopmatch/objective-diffusion';
import { MaskedObjective } from '@flopmatch/objective-masked';
import { NextTokenObjective } from '@flopmatch/objective-next-token';
import { initRuntime } from '@flopmatch/runtime';
import { EulerSampler, HeunSampler, MaskGitSampler, NextTokenSampler } from '@flopmatch/samplers';
import { createFakeContinuousCodec, createFakeDiscreteCodec } from '@flopmatch/samplers/testing';
import { trainBpe } from '@flopmatch/text';
import * as tf from '@tensorflow/tfjs-core';

export interface SamplerBenchOptions {
  backbone: { layers: number; width: number; heads: number };
  /** The throughput batch. */
  batch: number;
  /** Timed samples per configuration (after one untimed warm-up per sampler family). */
  repeats: number;
  /** wasm XNNPACK threads. */
  threads: number;
  flowSteps: number[];
  maskgitIterations: number[];
}

export interface SamplerRun {
  sampler: string;
  /** Steps (flow), iterations (MaskGIT) or tokens (next-token). */
  steps: number;
  batch: number;
  nfe: number;
  sequentialEvals: number;
  /** Wall ms of each timed sample. */
  wallMs: number[];
  /** CPU ms (this process, all threads) of each timed sample: steadier than wall time on a shared machine. */
  cpuMs: number[];
  /** Executed backbone FLOPs of one sample call (the ledger's count). */
  flops: number;
}

export interface SamplerBenchResult {
  backend: string;
  threads: number;
  runs: SamplerRun[];
  /** Next-token at batch 1: CPU ms of a cached `next` step (mean over a decode) and of an uncached `logits` pass on one token. */
  nextToken: { stepMs: number[]; forwardMs: number[]; forwardFlops: number; stepFlops: number };
}

const CAPTIONS = ['a red square at the top', 'a blue circle in the centre', 'two green triangles'];
const GRID = { height: 8, width: 8 };
const CODEBOOK = 512;

function cpuSince(c0: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

function prompts(n: number): string[] {
  return Array.from({ length: n }, (_, i) => CAPTIONS[i % CAPTIONS.length]!);
}

export async function benchSamplers(o: SamplerBenchOptions): Promise<SamplerBenchResult> {
  const info = await initRuntime({ backend: 'wasm', wasmThreads: o.threads });
  const tokenizer = trainBpe(CAPTIONS, { vocabSize: 270 });
  const common = { backbone: o.backbone, promptLength: 16, promptVocab: tokenizer.vocabSize };
  const rng = new Rng('bench/samplers');
  const flow = new FlowObjective(
    { ...common, latent: { ...GRID, channels: 4 } },
    { tokenizer, rng: rng.split('flow') },
  );
  const masked = new MaskedObjective(
    { ...common, grid: GRID, codebookSize: CODEBOOK },
    { tokenizer, rng: rng.split('masked') },
  );
  const next = new NextTokenObjective(
    { ...common, grid: GRID, codebookSize: CODEBOOK },
    { tokenizer, rng: rng.split('next') },
  );
  const continuous = createFakeContinuousCodec({ latentShape: { ...GRID, channels: 4 } });
  const discrete = createFakeDiscreteCodec({ latentShape: { ...GRID, channels: 1 }, codebookSize: CODEBOOK });

  type Case = {
    name: string;
    steps: number;
    make: () => EulerSampler | HeunSampler | MaskGitSampler | NextTokenSampler;
  };
  const cases: Case[] = [
    ...o.flowSteps.map((steps) => ({ name: 'euler', steps, make: () => new EulerSampler({ steps }) })),
    ...o.flowSteps.map((steps) => ({ name: 'heun', steps, make: () => new HeunSampler({ steps }) })),
    ...o.maskgitIterations.map((iterations) => ({
      name: 'maskgit',
      steps: iterations,
      make: () => new MaskGitSampler({ iterations }),
    })),
    { name: 'next-token (KV cache)', steps: GRID.height * GRID.width, make: () => new NextTokenSampler() },
  ];
  const viewOf = (name: string) =>
    name.startsWith('next')
      ? { model: next.model(), codec: discrete }
      : name === 'maskgit'
        ? { model: masked.model(), codec: discrete }
        : { model: flow.model(), codec: continuous };

  const runs: SamplerRun[] = [];
  const warmed = new Set<string>();
  for (const batch of [1, o.batch]) {
    for (const c of cases) {
      const sampler = c.make();
      const request = { ...viewOf(c.name), prompts: prompts(batch), n: batch, seed: 1, cfgScale: 1 };
      const key = `${c.name}/${batch}`;
      if (!warmed.has(key)) {
        const w = await sampler.sample(request); // kernels, allocations, XNNPACK operators
        tf.dispose([w.images, w.latents]);
        warmed.add(key);
      }
      const wallMs: number[] = [];
      const cpuMs: number[] = [];
      let cost: Awaited<ReturnType<typeof sampler.sample>>['cost'] | undefined;
      for (let r = 0; r < o.repeats; r++) {
        const [t0, c0] = [performance.now(), process.cpuUsage()];
        const result = await sampler.sample({ ...request, seed: 2 + r });
        result.latents.dataSync(); // the sample is finished
        wallMs.push(performance.now() - t0);
        cpuMs.push(cpuSince(c0));
        cost = result.cost;
        tf.dispose([result.images, result.latents]);
      }
      runs.push({
        sampler: c.name,
        steps: c.steps,
        batch,
        nfe: cost!.nfe,
        sequentialEvals: cost!.sequentialEvals,
        wallMs,
        cpuMs,
        flops: cost!.flops.backbone.executed,
      });
    }
  }

  // The KV-cached step (averaged over all 64 positions of a decode) against one uncached forward pass on a
  // single image token, both at batch 1 and both through the model view only (no sampling in JS).
  const model = next.model();
  const cond = model.condition(prompts(1));
  const tokens = GRID.height * GRID.width;
  const stepMs: number[] = [];
  const forwardMs: number[] = [];
  for (let r = 0; r < o.repeats + 1; r++) {
    const state = model.start(cond);
    let previous: tf.Tensor1D | undefined;
    const c0 = process.cpuUsage();
    for (let p = 0; p < tokens; p++) {
      const logits = model.next(state, previous);
      previous?.dispose();
      previous = tf.argMax(logits, 1) as tf.Tensor1D;
      logits.dispose();
    }
    previous?.dataSync();
    if (r > 0) stepMs.push(cpuSince(c0) / tokens);
    previous?.dispose();
    state.dispose();
    const ids = tf.zeros([1, 1], 'int32') as tf.Tensor2D;
    const c1 = process.cpuUsage();
    const full = model.logits(ids, cond);
    full.dataSync();
    if (r > 0) forwardMs.push(cpuSince(c1));
    tf.dispose([ids, full]);
  }
  let stepFlops = 0;
  for (let p = 0; p < tokens; p++) stepFlops += model.stepFlops(1, p).executed / tokens;
  const result: SamplerBenchResult = {
    backend: info.backend,
    threads: Number(info.details.threadCount ?? 1),
    runs,
    nextToken: {
      stepMs,
      forwardMs,
      stepFlops,
      forwardFlops: model.logitsFlops?.(1, 1).executed ?? Number.NaN,
    },
  };
  tf.dispose([cond.ids]);
  flow.dispose();
  masked.dispose();
  next.dispose();
  return result;
}
