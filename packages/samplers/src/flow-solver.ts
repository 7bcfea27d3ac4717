/**
 * The part Euler and Heun share: draw the initial noise, evaluate the guided velocity, step along the time
 * grid, decode, and count exactly what was spent. A solver file only says how one step uses the velocity
 * (like a diffusers scheduler's `step`).
 *
 * Paper: Lipman et al., "Flow Matching for Generative Modeling", arXiv:2210.02747, §2 (the ODE
 * dx/dt = v(x, t)); the sign convention is SD3's (arXiv:2403.03206, §2): x_t = (1 − t)·x_0 + t·ε and
 * v = ε − x_0, integrated from t = 1 to t = 0.
 */
import {
  addFlops,
  type Conditioning,
  type FlopCount,
  type FlowModel,
  parseConfig,
  type RandomSource,
  Rng,
  type SampleRequest,
  type SampleResult,
  type Sampler,
  ZERO_FLOPS,
} from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { guidedBatch } from './classifier-free-guidance.js';
import { finishSample } from './finish-sample.js';
import { flowTimesteps } from './flow-timesteps.js';
import { type EstimatedCost, repeatedCallCost } from './inference-cost.js';
import { MemoryProbe } from './memory-probe.js';
import { checkModelAndCodec, checkOutputShape, resolveRequest } from './sample-request.js';

/** Options of a flow ODE solver (Euler, Heun). */
export interface FlowSolverOptions {
  /**
   * Number of time intervals the solver takes from t = 1 to t = 0. Default: 50 for Euler, 25 for Heun
   * (about the same NFE: 50 and 49).
   */
  steps: number;
  /**
   * SD3 timestep shift s: t' = s·t / (1 + (s − 1)·t) (arXiv:2403.03206, §5.3.2). 1 = uniform grid
   * (default); SD3 samples 1024² images with 3.
   */
  shift: number;
}

/** zod schema of `FlowSolverOptions` with the given default step count. */
export function flowSolverSchema(defaultSteps: number) {
  return z
    .object({
      steps: z.number().int().min(1).default(defaultSteps),
      shift: z.number().positive().default(1),
    })
    .strict();
}

/** The guided velocity at (x, t): one model call (2N rows with guidance), counted. */
export type VelocityFn = (x: tf.Tensor4D, t: number) => tf.Tensor4D;

/** Serialisable description of a sampler: its registry id, config version and options. */
export interface SamplerConfig<Options> {
  type: string;
  version: 1;
  options: Options;
}

/** Base of the flow solvers; subclasses define one step and how many evaluations it takes. */
export abstract class FlowSolver implements Sampler<FlowSolverOptions> {
  readonly specVersion = 'v1' as const;
  abstract readonly id: string;
  readonly modelKind = 'flow' as const;
  readonly options: Readonly<FlowSolverOptions>;

  protected constructor(options: unknown, source: string, defaultSteps: number) {
    this.options = parseConfig(flowSolverSchema(defaultSteps), options ?? {}, source);
  }

  /** Frozen, serialisable config (`samplerFromConfig` rebuilds the sampler from it). */
  get config(): SamplerConfig<FlowSolverOptions> {
    return Object.freeze({ type: this.id, version: 1, options: this.options });
  }

  /** Network evaluations per sample path for `steps` intervals. */
  abstract nfe(steps: number): number;

  /**
   * One step from time `t` to `tNext` (< t). `last` is true for the step that ends at t = 0. Runs inside
   * `tf.tidy`: return the new state, intermediate tensors are freed by the caller.
   */
  protected abstract step(
    x: tf.Tensor4D,
    t: number,
    tNext: number,
    last: boolean,
    velocity: VelocityFn,
  ): tf.Tensor4D;

  /** The time grid this sampler integrates over (t_0 = 1 … t_steps = 0). */
  timesteps(): number[] {
    return flowTimesteps(this.options.steps, this.options.shift);
  }

  estimateCost(request: Pick<SampleRequest, 'model' | 'codec' | 'n' | 'cfgScale'>): EstimatedCost {
    return repeatedCallCost(checkModelAndCodec(this, request), this.nfe(this.options.steps));
  }

  async sample(request: SampleRequest): Promise<SampleResult> {
    const started = performance.now();
    const probe = new MemoryProbe();
    const { model, codec, prompts, n, seed, cfgScale } = resolveRequest(this, request);
    const shape: [number, number, number, number] = [
      n,
      model.latentShape.height,
      model.latentShape.width,
      model.latentShape.channels,
    ];
    const guided = guidedBatch(model, prompts, cfgScale);
    let backbone: FlopCount = ZERO_FLOPS;
    let evaluations = 0;
    const velocity: VelocityFn = (x, t) => {
      const v = guided.combine(callVelocity(this.id, model, guided.expand(x), t, guided.batch, guided.cond));
      backbone = addFlops(backbone, model.callFlops(guided.batch));
      evaluations++;
      probe.sample();
      return v;
    };
    let x = initialNoise(shape, new Rng(seed).split('flow-noise'));
    try {
      const times = this.timesteps();
      const steps = this.options.steps;
      for (let i = 0; i < steps; i++) {
        const previous = x;
        x = tf.tidy(() => this.step(previous, times[i]!, times[i + 1]!, i === steps - 1, velocity));
        previous.dispose();
        probe.sample();
      }
    } catch (error) {
      x.dispose();
      throw error;
    } finally {
      guided.dispose();
    }
    return finishSample({
      latents: x,
      prompts,
      probe,
      started,
      backbone,
      codec,
      n,
      nfe: evaluations,
      cfgPasses: guided.passes,
      sequentialEvals: evaluations,
    });
  }
}

/** One `velocity` call with t broadcast to the batch; the model's inputs are freed by the enclosing tidy. */
function callVelocity(
  samplerId: string,
  model: FlowModel,
  x: tf.Tensor4D,
  t: number,
  batch: number,
  cond: Conditioning,
): tf.Tensor4D {
  const v = model.velocity(x, tf.fill([batch], t) as tf.Tensor1D, cond);
  checkOutputShape(samplerId, 'model.velocity', v.shape, x.shape); // freed by the enclosing tidy on failure
  return v;
}

/** ε ~ N(0, I) of `shape`, drawn in JavaScript from `rng` in row-major order (identical on every backend). */
export function initialNoise(shape: [number, number, number, number], rng: RandomSource): tf.Tensor4D {
  const size = shape[0] * shape[1] * shape[2] * shape[3];
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = rng.normal();
  return tf.tensor4d(values, shape);
}
