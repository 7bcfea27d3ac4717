/**
 * A `NextTokenModel` test double: a fixed random trigram table plus a bias per prompt class,
 * logits(position p) = table[ctx(p−2), ctx(p−1)] + bias[class], with ctx(q) = START for q < 0.
 *
 * Its two paths are computed independently, as a real Transformer's are:
 * - `start`/`next` keep a real incremental state: a [B, 2] int32 tensor of the last two tokens, updated
 *   from `previous` with tensor ops on every call (it must survive outside `tf.tidy`);
 * - `logits(ids)` recomputes every position's context from the full prefix, in JavaScript.
 * Both give bit-identical logits (the same two float32 numbers added), so a sampler must produce the same
 * tokens with and without cache.
 *
 * Prices: prefillFlops(n) = n·prefill; stepFlops(n, p) = n·(step + perPosition·(promptLength + p)) — the
 * growing-prefix shape of KV-cached attention, so hand sums are not trivially proportional to T.
 */
import type { Conditioning, DecodingState, FlopCount, LatentShape, NextTokenModel } from '@flopmatch/core';
import { FlopmatchError } from '@flopmatch/core';
import * as tf from '@tensorflow/tfjs-core';
import { classConditioning, hashTable, lazy, nullConditioning } from './class-conditioning.js';

/** Ledger prices of the trigram double (model FLOPs; executed FLOPs are 1.5× these). */
export interface TrigramPrices {
  prefill: number;
  step: number;
  perPosition: number;
}

/** Options of `createTrigramNextTokenModel`. */
export interface TrigramNextTokenModelOptions {
  /** Latent grid (channels 1); default 3×3×1. */
  latentShape?: LatentShape;
  /** Codebook size V; default 6. */
  codebookSize?: number;
  /** Prompt classes; default `['a red circle', 'a blue square']`. */
  classes?: string[];
  /** Seed of the tables; default 3. */
  seed?: number;
  /** Spread of the logits; default 3. */
  scale?: number;
  /** Default `{ prefill: 300, step: 100, perPosition: 10 }` per row. */
  prices?: TrigramPrices;
  /** Also implement the optional `logitsFlops` pricing of uncached forwards. Default false. */
  priceUncachedForward?: boolean;
}

/** The double and its counters. */
export interface TrigramNextTokenModel extends NextTokenModel {
  readonly counts: { start: number; next: number; logits: number; liveStates: number };
  /** Logits for class `classIndex` (0 = null) after tokens `a`, `b` (−1 = START), float32-rounded. */
  logitsAfter(classIndex: number, a: number, b: number): number[];
  logitsFlops?(n: number, tokens: number): FlopCount;
  dispose(): void;
}

/** Prompt length of the double's conditioning (one class id). */
const PROMPT_LENGTH = 1;

class TrigramState implements DecodingState {
  position = 0;
  disposed = false;
  constructor(
    public context: tf.Tensor2D,
    public readonly classes: tf.Tensor1D,
    private readonly onDispose: () => void,
  ) {}
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.context.dispose();
    this.classes.dispose();
    this.onDispose();
  }
}

/**
 * Builds the trigram double.
 *
 * @example
 * const model = createTrigramNextTokenModel();
 * const a = await new NextTokenSampler().sample({ model, codec, prompts: ['a red circle'], n: 2, seed: 5 });
 * const b = await new NextTokenSampler({ useCache: false }).sample({ model, codec, prompts: ['a red circle'], n: 2, seed: 5 });
 * // a.latents and b.latents hold the same ids
 */
export function createTrigramNextTokenModel(
  options: TrigramNextTokenModelOptions = {},
): TrigramNextTokenModel {
  const latentShape = options.latentShape ?? { height: 3, width: 3, channels: 1 };
  const vocab = options.codebookSize ?? 6;
  const classes = options.classes ?? ['a red circle', 'a blue square'];
  const scale = options.scale ?? 3;
  const prices = options.prices ?? { prefill: 300, step: 100, perPosition: 10 };
  const tokens = latentShape.height * latentShape.width;
  const start = vocab; // START symbol in the context alphabet {0 … V}
  const contexts = vocab + 1;
  const tableData = hashTable(contexts * contexts * vocab, options.seed ?? 3, scale);
  const biasData = hashTable((classes.length + 1) * vocab, (options.seed ?? 3) + 1000, scale);
  const tensors = lazy(() => ({
    table: tf.keep(tf.tensor2d(tableData, [contexts * contexts, vocab])),
    bias: tf.keep(tf.tensor2d(biasData, [classes.length + 1, vocab])),
  }));
  const counts = { start: 0, next: 0, logits: 0, liveStates: 0 };
  const priced = (n: number, model: number): FlopCount => ({ model: n * model, executed: n * model * 1.5 });

  const model: TrigramNextTokenModel = {
    specVersion: 'v1',
    kind: 'next-token',
    latentShape,
    codebookSize: vocab,
    counts,
    condition: (prompts) => classConditioning(prompts, classes),
    nullCondition: (n) => nullConditioning(n),
    start(cond: Conditioning): DecodingState {
      counts.start++;
      counts.liveStates++;
      const n = cond.ids.shape[0];
      return new TrigramState(
        tf.fill([n, 2], start, 'int32') as tf.Tensor2D,
        tf.reshape(cond.ids, [n]) as tf.Tensor1D,
        () => counts.liveStates--,
      );
    },
    next(decoding: DecodingState, previous?: tf.Tensor1D): tf.Tensor2D {
      const state = decoding as TrigramState;
      if (state.disposed)
        throw new FlopmatchError('E_TEST_DOUBLE', 'trigram double: next() on a disposed state');
      if ((state.position === 0) !== (previous === undefined)) {
        throw new FlopmatchError(
          'E_TEST_DOUBLE',
          `trigram double: next() at position ${state.position} ${previous ? 'got' : 'needs'} a previous token`,
          'omit previous only on the first call after start()',
        );
      }
      if (state.position >= tokens) {
        throw new FlopmatchError(
          'E_TEST_DOUBLE',
          `trigram double: next() past the last of ${tokens} positions`,
        );
      }
      counts.next++;
      if (previous) {
        const grown = tf.tidy(() =>
          tf.concat([tf.slice(state.context, [0, 1], [-1, 1]), tf.reshape(previous, [-1, 1])], 1),
        ) as tf.Tensor2D;
        state.context.dispose();
        state.context = grown; // the incremental state: last two tokens
      }
      state.position++;
      return tf.tidy(() => {
        const [a, b] = tf.split(state.context, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
        const index = tf.reshape(tf.add(tf.mul(a, tf.scalar(contexts, 'int32')), b), [-1]);
        const { table, bias } = tensors.get();
        return tf.add(tf.gather(table, index), tf.gather(bias, state.classes)) as tf.Tensor2D;
      });
    },
    logits(ids: tf.Tensor2D, cond: Conditioning): tf.Tensor3D {
      counts.logits++;
      const [n, t] = ids.shape;
      const rows = ids.arraySync();
      const index = new Int32Array(n * (t + 1));
      for (let r = 0; r < n; r++) {
        for (let q = 0; q <= t; q++) {
          const a = q >= 2 ? rows[r]![q - 2]! : start;
          const b = q >= 1 ? rows[r]![q - 1]! : start;
          index[r * (t + 1) + q] = a * contexts + b;
        }
      }
      return tf.tidy(() => {
        const { table, bias } = tensors.get();
        const fromTable = tf.reshape(tf.gather(table, tf.tensor1d(index, 'int32')), [n, t + 1, vocab]);
        const rowBias = tf.expandDims(tf.gather(bias, tf.reshape(cond.ids, [n])), 1);
        return tf.add(fromTable, rowBias) as tf.Tensor3D;
      });
    },
    prefillFlops: (n) => priced(n, prices.prefill),
    stepFlops: (n, position) => priced(n, prices.step + prices.perPosition * (PROMPT_LENGTH + position)),
    logitsAfter: (classIndex, a, b) => {
      const row = (a < 0 ? start : a) * contexts + (b < 0 ? start : b);
      return Array.from({ length: vocab }, (_, v) =>
        Math.fround(tableData[row * vocab + v]! + biasData[classIndex * vocab + v]!),
      );
    },
    dispose: () => tensors.dispose(({ table, bias }) => tf.dispose([table, bias])),
  };
  if (options.priceUncachedForward) {
    // a full causal forward over prompt + t tokens: the prefix once, then every position's row
    model.logitsFlops = (n, t) => {
      let m = prices.prefill;
      for (let q = 0; q <= t; q++) m += prices.step + prices.perPosition * (PROMPT_LENGTH + q);
      return { model: n * m, executed: n * m * 2 };
    };
  }
  return model;
}
