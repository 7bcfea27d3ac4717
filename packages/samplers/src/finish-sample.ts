/**
 * The end every sampler shares: decode the sampled latents with the codec (synchronising asynchronous
 * backends before the clock is read), then assemble the measured cost with the wall time and peak memory.
 */
import type { SampleResult } from '@flopmatch/core';
import type * as tf from '@tensorflow/tfjs-core';
import { assembleCost, type CostParts } from './inference-cost.js';
import type { MemoryProbe } from './memory-probe.js';

/** What a sampler hands over once its latents are final: the counted cost parts plus the run's state. */
export interface SampledLatents<L extends tf.Tensor> extends CostParts {
  /** The codec the latents are decoded with (its kind was checked against the model by the request). */
  codec: CostParts['codec'] & { decode(latents: L): tf.Tensor4D };
  /** Final latents: float [N, h, w, c] (flow) or int32 ids [N, h, w] (token samplers). Kept in the result. */
  latents: L;
  /** The N prompts that were sampled. */
  prompts: string[];
  /** The probe sampled during the run; sampled once more after decoding. */
  probe: MemoryProbe;
  /** `performance.now()` when sampling began. */
  started: number;
}

/**
 * Decodes `run.latents` and returns the `SampleResult`. If decoding throws, the latents are disposed and
 * the error is rethrown.
 *
 * @example
 * return finishSample({ latents, prompts, probe, started, backbone, codec, n, nfe: k, cfgPasses: 2, sequentialEvals: k });
 */
export async function finishSample<L extends tf.Tensor>(run: SampledLatents<L>): Promise<SampleResult> {
  const { latents, codec, prompts, probe, started } = run;
  let images: tf.Tensor4D;
  try {
    images = codec.decode(latents);
    probe.sample();
    await images.data(); // synchronise asynchronous backends before reading the clock
  } catch (error) {
    latents.dispose();
    throw error;
  }
  const cost = assembleCost(run);
  return {
    images,
    latents,
    prompts,
    cost: { ...cost, wallMs: performance.now() - started, peakBytes: probe.peakBytes },
  };
}
