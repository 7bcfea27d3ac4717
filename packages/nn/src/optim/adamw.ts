/**
 * AdamW — I. Loshchilov, F. Hutter, "Decoupled Weight Decay Regularization", arXiv:1711.05101, Algorithm 2
 * (Adam with decoupled weight decay), on Adam's bias-corrected moments (D. P. Kingma, J. Ba, arXiv:1412.6980,
 * Algorithm 1). As in PyTorch's `AdamW`, the decay is multiplied by the learning rate:
 *
 *   m ← β₁m + (1 − β₁)g,  v ← β₂v + (1 − β₂)g²,  m̂ = m/(1 − β₁ᵗ),  v̂ = v/(1 − β₂ᵗ)
 *   θ ← θ − η·λ·θ − η·m̂/(√v̂ + ε)
 *
 * Notation: η = `lr` (the schedule multiplier η_t of the paper is folded into it), λ = `weightDecay`.
 */
import { FlopmatchError, parseConfig } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import { z } from 'zod';
import { OptionError } from '../errors.js';
import { adamwUpdateKernel, nnKernelsActive } from '../kernels/ops.js';
import { assignCopy } from './assign-copy.js';

/** Options of `AdamW`. */
export interface AdamWOptions {
  /** Learning rate η; `step(grads, lr)` overrides it per step (for schedules). Default 1e-3. */
  lr?: number;
  /** β₁, the first-moment decay. Default 0.9 (Kingma & Ba). */
  beta1?: number;
  /** β₂, the second-moment decay. Default 0.999 (Kingma & Ba; GPT-style runs often use 0.95). */
  beta2?: number;
  /** ε in the denominator. Default 1e-8. */
  eps?: number;
  /** Decoupled weight decay λ. Default 0.01 (PyTorch). */
  weightDecay?: number;
  /** Parameter names with no weight decay (biases, norms, embeddings): `module.noDecayNames()`. Default none. */
  noDecay?: Iterable<string>;
}

const AdamWConfigSchema = z.strictObject({
  type: z.literal('optim:adamw'),
  version: z.literal(1),
  lr: z.number().nonnegative(),
  beta1: z.number().min(0).lt(1),
  beta2: z.number().min(0).lt(1),
  eps: z.number().positive(),
  weightDecay: z.number().nonnegative(),
});

/** The serialisable config of an `AdamW` (the no-decay set is derived from the model, not saved). */
export type AdamWConfig = z.output<typeof AdamWConfigSchema>;

/** Gradients by parameter name, as a `Map` or a record (e.g. from `valueAndGrads`). */
export type NamedGrads = Map<string, tf.Tensor> | Record<string, tf.Tensor>;

/**
 * AdamW over named variables.
 *
 * @example
 * const opt = new AdamW(model.namedVariables(), { lr: 3e-4, weightDecay: 0.1, noDecay: model.noDecayNames() });
 * const { value, grads } = valueAndGrads(() => loss(model, batch), model.namedVariables());
 * opt.step(grads, warmupCosine(step, schedule));
 * tf.dispose([value, ...grads.values()]);
 */
export class AdamW {
  readonly config: AdamWConfig;
  readonly #params: Map<string, tf.Variable>;
  readonly #noDecay: Set<string>;
  readonly #m = new Map<string, tf.Variable>();
  readonly #v = new Map<string, tf.Variable>();
  #t = 0;

  constructor(params: Map<string, tf.Variable>, options: AdamWOptions = {}) {
    this.config = parseConfig(
      AdamWConfigSchema,
      {
        type: 'optim:adamw',
        version: 1,
        lr: options.lr ?? 1e-3,
        beta1: options.beta1 ?? 0.9,
        beta2: options.beta2 ?? 0.999,
        eps: options.eps ?? 1e-8,
        weightDecay: options.weightDecay ?? 0.01,
      },
      'AdamW options',
    );
    this.#params = new Map(params);
    this.#noDecay = new Set(options.noDecay ?? []);
    for (const name of this.#noDecay) {
      if (!params.has(name))
        throw new OptionError('AdamW', 'noDecay', name, 'names of the parameters passed to AdamW');
    }
    for (const [name, p] of params) {
      this.#m.set(name, tf.variable(tf.zerosLike(p), false));
      this.#v.set(name, tf.variable(tf.zerosLike(p), false));
    }
  }

  /** Steps taken so far (t in the bias corrections). */
  get stepCount(): number {
    return this.#t;
  }

  /**
   * One update from `grads` (keyed by parameter name; parameters without a gradient are left unchanged).
   * `lr` overrides the configured learning rate for this step. Does not dispose `grads`.
   */
  step(grads: NamedGrads, lr: number = this.config.lr): void {
    const map = grads instanceof Map ? grads : new Map(Object.entries(grads));
    for (const name of map.keys()) {
      if (!this.#params.has(name))
        throw new OptionError(
          'AdamW.step',
          'grads',
          name,
          'gradients keyed by the names AdamW was built with',
        );
    }
    this.#t += 1;
    const { beta1, beta2, eps, weightDecay } = this.config;
    const bc1 = 1 - beta1 ** this.#t;
    const bc2 = 1 - beta2 ** this.#t;
    for (const [name, p] of this.#params) {
      const g = map.get(name);
      if (!g) continue;
      const m = this.#m.get(name)!;
      const v = this.#v.get(name)!;
      const decay = this.#noDecay.has(name) || weightDecay === 0 ? 0 : lr * weightDecay;
      if (nnKernelsActive(p, m, v, g) && sameShape(g.shape, p.shape)) {
        // One fused pass (kernels/adamw-update.ts) instead of the 12 kernels below.
        const attrs = { stepSize: lr / bc1, invBc2: 1 / bc2, beta1, beta2, eps, keep: 1 - decay };
        const [p1, m1, v1] = adamwUpdateKernel(p, m, v, g, attrs);
        m.assign(m1);
        v.assign(v1);
        p.assign(p1);
        tf.dispose([p1, m1, v1]);
        continue;
      }
      tf.tidy(() => {
        const m1 = tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)); // m ← β₁m + (1 − β₁)g
        const v1 = tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2)); // v ← β₂v + (1 − β₂)g²
        m.assign(m1);
        v.assign(v1);
        // η·m̂/(√v̂ + ε) with m̂ = m/bc1, v̂ = v/bc2
        const update = tf.div(tf.mul(m1, lr / bc1), tf.add(tf.sqrt(tf.mul(v1, 1 / bc2)), eps));
        const decayed = decay === 0 ? p : tf.mul(p, 1 - decay); // θ − ηλθ
        p.assign(tf.sub(decayed, update));
      });
    }
  }

  /**
   * The optimizer state as tensors for a checkpoint: `exp_avg.<name>`, `exp_avg_sq.<name>` (live
   * variables: save them, do not dispose them) and `step` (a new scalar).
   */
  exportState(): Record<string, tf.Tensor> {
    const out: Record<string, tf.Tensor> = { step: tf.scalar(this.#t, 'int32') };
    for (const [name, m] of this.#m) out[`exp_avg.${name}`] = m;
    for (const [name, v] of this.#v) out[`exp_avg_sq.${name}`] = v;
    return out;
  }

  /** Restores `exportState()` output (values are copied). Throws naming any missing or mis-shaped entry. */
  loadState(state: Record<string, tf.Tensor>): void {
    const problems: string[] = [];
    const step = state.step;
    if (step?.size !== 1) problems.push("'step' (a scalar)");
    const check = (key: string, target: tf.Variable) => {
      const t = state[key];
      if (!t) problems.push(`'${key}' missing`);
      else if (t.shape.join() !== target.shape.join())
        problems.push(`'${key}' is [${t.shape}], expected [${target.shape}]`);
    };
    for (const [name, m] of this.#m) check(`exp_avg.${name}`, m);
    for (const [name, v] of this.#v) check(`exp_avg_sq.${name}`, v);
    if (problems.length) {
      throw new FlopmatchError(
        'E_OPTIMIZER_STATE',
        `AdamW state does not match its parameters: ${problems.join('; ')}`,
        'load the state exported by an AdamW over the same model',
      );
    }
    for (const [name, m] of this.#m) assignCopy(m, state[`exp_avg.${name}`]!);
    for (const [name, v] of this.#v) assignCopy(v, state[`exp_avg_sq.${name}`]!);
    this.#t = step!.dataSync()[0]!;
  }

  /** Disposes the moment estimates (not the parameters). */
  dispose(): void {
    for (const t of [...this.#m.values(), ...this.#v.values()]) t.dispose();
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
