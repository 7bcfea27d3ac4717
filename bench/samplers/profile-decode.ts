/**
 * Kernel profile of KV-cached next-token decoding on the wasm backend: one decode of the whole grid at a
 * given batch, every kernel timed by `tf.profile` (wall ms per kernel, summed by kernel name). Imported by
 * profile-decode.mjs after bundling; not a test.
 */
import { Rng } from '@flopmatch/core';
import { NextTokenObjective } from '@flopmatch/objective-next-token';
import { initRuntime } from '@flopmatch/runtime';
import { trainBpe } from '@flopmatch/text';
import * as tf from '@tensorflow/tfjs-core';

export interface DecodeProfileOptions {
  backbone: { layers: number; width: number; heads: number };
  batch: number;
}

export interface DecodeProfile {
  /** CPU ms of one whole decode (64 `next` calls after `start`), untimed by the profiler. */
  cpuMs: number;
  /** Kernels launched per `next` step. */
  kernelsPerStep: number;
  /** Per kernel name: launches and summed wall ms over one profiled decode. */
  kernels: { name: string; count: number; ms: number }[];
  /** The kernel names of one mid-decode `next` step (position 32), in launch order. */
  step: string[];
}

const CAPTIONS = ['a red square at the top', 'a blue circle in the centre', 'two green triangles'];

export async function profileDecode(o: DecodeProfileOptions): Promise<DecodeProfile> {
  await initRuntime({ backend: 'wasm' });
  const tokenizer = trainBpe(CAPTIONS, { vocabSize: 270 });
  const next = new NextTokenObjective(
    {
      backbone: o.backbone,
      promptLength: 16,
      promptVocab: tokenizer.vocabSize,
      grid: { height: 8, width: 8 },
      codebookSize: 512,
    },
    { tokenizer, rng: new Rng('bench/profile-decode') },
  );
  const model = next.model();
  const cond = model.condition(Array.from({ length: o.batch }, (_, i) => CAPTIONS[i % 3]!));
  const decode = () => {
    const state = model.start(cond);
    let previous: tf.Tensor1D | undefined;
    for (let p = 0; p < 64; p++) {
      const logits = model.next(state, previous);
      previous?.dispose();
      previous = tf.argMax(logits, 1) as tf.Tensor1D;
      logits.dispose();
    }
    previous?.dataSync();
    previous?.dispose();
    state.dispose();
  };
  decode(); // warm-up
  const c0 = process.cpuUsage();
  decode();
  const c = process.cpuUsage(c0);
  const cpuMs = (c.user + c.system) / 1000;
  const info = await tf.profile(decode);
  const kernelsPerStep = info.kernels.length / 64; // read now: tfjs reuses the profile object on the next call
  const byName = new Map<string, { count: number; ms: number }>();
  for (const k of info.kernels) {
    const e = byName.get(k.name) ?? { count: 0, ms: 0 };
    e.count += 1;
    e.ms += Number(k.kernelTimeMs) || 0;
    byName.set(k.name, e);
  }
  const state = model.start(cond);
  let previous: tf.Tensor1D | undefined;
  let step: string[] = [];
  for (let p = 0; p < 33; p++) {
    let logits: tf.Tensor2D | undefined;
    if (p === 32) {
      const one = await tf.profile(() => {
        logits = model.next(state, previous);
      });
      step = one.kernels.map((k) => k.name);
    } else logits = model.next(state, previous);
    previous?.dispose();
    previous = tf.argMax(logits!, 1) as tf.Tensor1D;
    logits!.dispose();
  }
  previous?.dispose();
  state.dispose();
  tf.dispose(cond.ids);
  next.dispose();
  return {
    cpuMs,
    kernelsPerStep,
    step,
    kernels: [...byName].map(([name, e]) => ({ name, ...e })).sort((a, b) => b.ms - a.ms),
  };
}
