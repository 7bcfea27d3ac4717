/**
 * A pure-JS training task for testing the loop: minibatch SGD on linear regression y = x·w* + ε in float64,
 * with epoch-shuffled data (a resumable `{ epoch, index }` position) and a little gradient noise drawn from
 * the loop's random stream, so data order and RNG continuity both show up in the weights.
 */
import type { FlopCount } from '../src/contracts/flop-count.js';
import { Rng } from '../src/rng/rng.js';
import type { StepContext, StepResult, TaskState, TrainingTask } from '../src/training/training-task.js';

export interface LinearTaskOptions {
  lr?: number;
  /** FLOPs charged for step `i` (0-based); default 6·d per example (forward 2d, backward 4d). */
  flopsAt?: (step: number) => FlopCount;
  /** Throw inside step `i` (0-based): a simulated crash. */
  crashAt?: number;
  /** Return a NaN in the gradient at step `i` (0-based). */
  poisonGradAt?: number;
}

export const N = 64;
export const D = 4;
export const BATCH = 8;
const W_TRUE = [1.5, -2, 0.5, 3];

function makeData(): { x: Float64Array; y: Float64Array } {
  const rng = new Rng('linear-data');
  const x = new Float64Array(N * D);
  const y = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    let dot = 0;
    for (let j = 0; j < D; j++) {
      x[i * D + j] = rng.normal();
      dot += x[i * D + j]! * W_TRUE[j]!;
    }
    y[i] = dot + 0.1 * rng.normal();
  }
  return { x, y };
}

function permutation(epoch: number): number[] {
  const rng = new Rng('linear-order').split(epoch);
  const p = Array.from({ length: N }, (_, i) => i);
  for (let i = N - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [p[i], p[j]] = [p[j]!, p[i]!];
  }
  return p;
}

export class LinearRegressionTask implements TrainingTask {
  w = new Float64Array(D);
  position = { epoch: 0, index: 0 };
  updates = 0;
  /** Example indices in the order they were consumed. */
  seen: number[] = [];
  readonly #data = makeData();
  readonly #options: LinearTaskOptions;

  constructor(options: LinearTaskOptions = {}) {
    this.#options = options;
  }

  step(ctx: StepContext): StepResult {
    const o = this.#options;
    if (ctx.step === o.crashAt) throw new Error(`simulated crash in step ${ctx.step}`);
    const perm = permutation(this.position.epoch);
    const batch = perm.slice(this.position.index, this.position.index + BATCH);
    this.position.index += BATCH;
    if (this.position.index >= N) this.position = { epoch: this.position.epoch + 1, index: 0 };
    const { x, y } = this.#data;
    const grad = new Float64Array(D);
    let loss = 0;
    for (const i of batch) {
      let pred = 0;
      for (let j = 0; j < D; j++) pred += x[i * D + j]! * this.w[j]!;
      const r = pred - y[i]!;
      loss += (r * r) / BATCH;
      for (let j = 0; j < D; j++) grad[j]! += (2 * r * x[i * D + j]!) / BATCH;
    }
    for (let j = 0; j < D; j++) grad[j]! += 1e-3 * ctx.rng.normal();
    if (ctx.step === o.poisonGradAt) grad[2] = Number.NaN;
    const lr = o.lr ?? 0.05;
    for (let j = 0; j < D; j++) this.w[j]! -= lr * grad[j]!;
    this.updates += 1;
    this.seen.push(...batch);
    const model = BATCH * 6 * D;
    return {
      loss,
      flops: o.flopsAt?.(ctx.step) ?? { model, executed: 1.5 * model },
      lr,
      metrics: { gradNorm: Math.hypot(...grad) },
      tensorsToCheck: { 'grad.w': grad },
    };
  }

  state(): TaskState {
    return {
      tensors: { model: { w: { dtype: 'float64', shape: [D], data: Float64Array.from(this.w) } } },
      json: { updates: this.updates },
      data: { ...this.position },
    };
  }

  restore(state: TaskState): void {
    this.w = Float64Array.from(state.tensors.model!.w!.data as Float64Array);
    this.updates = (state.json as { updates: number }).updates;
    this.position = { ...(state.data as { epoch: number; index: number }) };
  }
}
