/**
 * The base class of every layer: a tree of named trainable variables, in the spirit of PyTorch's
 * `nn.Module`. Names are stable and dotted (`blocks.0.attn.qkv.weight`), so checkpoints, weight-decay sets
 * and EMAs can address parameters by name across runs and backends.
 */
import * as tf from '@tensorflow/tfjs-core';
import { OptionError, StateDictError } from './errors.js';

/** Options of `Module.param`. */
export interface ParamOptions {
  /**
   * Whether AdamW's decoupled weight decay applies to this parameter. Default true; biases, norm gains and
   * embeddings pass false (GPT-2 / nanoGPT convention: decay only matrices that multiply activations).
   */
  decay?: boolean;
}

/** Options of `Module.loadStateDict`. */
export interface LoadStateDictOptions {
  /**
   * Default true: every parameter must be present and no extra name may appear. With false, missing and
   * unexpected names are ignored; a shape mismatch still throws.
   */
  strict?: boolean;
}

interface Param {
  variable: tf.Variable;
  decay: boolean;
}

const NAME = /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/;

/**
 * A layer or model: registers parameters with `param` and sub-layers with `module`, and exposes them by
 * dotted name.
 *
 * @example
 * class Affine extends Module {
 *   readonly w: tf.Variable;
 *   constructor(dim: number) {
 *     super();
 *     this.w = this.param('weight', tf.ones([dim]));
 *   }
 * }
 * new Affine(4).namedVariables(); // Map { 'weight' => Variable }
 */
export abstract class Module {
  readonly #params = new Map<string, Param>();
  readonly #children = new Map<string, Module>();

  /**
   * Registers a trainable parameter initialised from `init` (the module takes ownership of `init` and
   * disposes it). Returns the variable.
   */
  param(name: string, init: tf.Tensor, options: ParamOptions = {}): tf.Variable {
    this.#checkName(name);
    const variable = tf.variable(init, true);
    init.dispose();
    this.#params.set(name, { variable, decay: options.decay ?? true });
    return variable;
  }

  /** Registers `child` under `name` (its parameters become `name.<child names>`). Returns the child. */
  module<M extends Module>(name: string, child: M): M {
    this.#checkName(name);
    this.#children.set(name, child);
    return child;
  }

  #checkName(name: string): void {
    if (!NAME.test(name)) {
      throw new OptionError(this.constructor.name, 'name', name, 'letters, digits and _ separated by dots');
    }
    if (this.#params.has(name) || this.#children.has(name)) {
      throw new OptionError(
        this.constructor.name,
        'name',
        name,
        'a name not already registered in this module',
      );
    }
  }

  #walk(prefix: string, visit: (name: string, p: Param) => void): void {
    for (const [name, p] of this.#params) visit(prefix + name, p);
    for (const [name, child] of this.#children) child.#walk(`${prefix}${name}.`, visit);
  }

  /** Every trainable variable by dotted name, parameters before children, in registration order. */
  namedVariables(): Map<string, tf.Variable> {
    const out = new Map<string, tf.Variable>();
    this.#walk('', (name, p) => {
      if (out.has(name)) throw new OptionError(this.constructor.name, 'name', name, 'unique dotted names');
      out.set(name, p.variable);
    });
    return out;
  }

  /** The variables in `namedVariables()` order (what `tf.variableGrads` takes as `varList`). */
  variables(): tf.Variable[] {
    return [...this.namedVariables().values()];
  }

  /** Names of the parameters excluded from weight decay (registered with `decay: false`). */
  noDecayNames(): Set<string> {
    const out = new Set<string>();
    this.#walk('', (name, p) => {
      if (!p.decay) out.add(name);
    });
    return out;
  }

  /** Number of scalar parameters. */
  parameterCount(): number {
    let n = 0;
    this.#walk('', (_, p) => {
      n += p.variable.size;
    });
    return n;
  }

  /**
   * The parameters by dotted name. The values are the live variables (no copy): read or save them, do not
   * dispose them.
   */
  stateDict(): Record<string, tf.Tensor> {
    return Object.fromEntries(this.namedVariables());
  }

  /**
   * Loads `state` into the parameters (tensors are immutable, so the values are shared, not copied; `state`
   * stays owned by the caller and may be disposed afterwards). Throws a
   * `StateDictError` listing every missing, unexpected and mis-shaped name before changing anything.
   */
  loadStateDict(
    state: Record<string, tf.Tensor> | Map<string, tf.Tensor>,
    options: LoadStateDictOptions = {},
  ): void {
    const strict = options.strict ?? true;
    const given = state instanceof Map ? state : new Map(Object.entries(state));
    const own = this.namedVariables();
    const missing = [...own.keys()].filter((n) => !given.has(n));
    const unexpected = [...given.keys()].filter((n) => !own.has(n));
    const mismatched: string[] = [];
    for (const [name, variable] of own) {
      const t = given.get(name);
      if (t && !sameShape(t.shape, variable.shape))
        mismatched.push(`${name} [${t.shape}] vs [${variable.shape}]`);
    }
    if (mismatched.length || (strict && (missing.length || unexpected.length))) {
      throw new StateDictError(strict ? missing : [], strict ? unexpected : [], mismatched);
    }
    for (const [name, variable] of own) {
      const t = given.get(name);
      if (!t || t.dataId === variable.dataId) continue; // absent, or already this variable's value
      if (t.dtype === variable.dtype) variable.assign(t);
      else {
        const cast = tf.cast(t, variable.dtype);
        variable.assign(cast);
        cast.dispose();
      }
    }
  }

  /** Disposes every parameter of this module and its children. */
  dispose(): void {
    this.#walk('', (_, p) => p.variable.dispose());
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** An ordered list of modules registered as `0`, `1`, … (e.g. a Transformer's `blocks`). */
export class ModuleList<M extends Module> extends Module {
  readonly items: readonly M[];
  constructor(items: M[]) {
    super();
    items.forEach((m, i) => {
      this.module(String(i), m);
    });
    this.items = items;
  }
  get length(): number {
    return this.items.length;
  }
  at(i: number): M {
    const m = this.items[i];
    if (!m) throw new OptionError('ModuleList', 'index', i, `an index in [0, ${this.items.length})`);
    return m;
  }
}
