/**
 * The sampling view of a `NextTokenObjective` (core's `NextTokenModel`): KV-cached raster decoding as in
 * LlamaGen (Sun et al., arXiv:2406.06525, §2.3). `start` runs the prompt into the backbone's cache; each
 * `next` appends one token (the start-of-image token first, then the id sampled last) and returns the logits
 * of the next image position. Every call is priced by the ledger's decode schedule, exactly.
 */
import {
  type Conditioning,
  type DecodingState,
  type FlopCount,
  FlopmatchError,
  type LatentShape,
  type NextTokenModel,
  scaleFlops,
} from '@flopmatch/core';
import { transformerFlops } from '@flopmatch/flops';
import { ShapeError } from '@flopmatch/nn';
import type { TransformerKVCache } from '@flopmatch/transformer';
import * as tf from '@tensorflow/tfjs-core';
import type { NextTokenObjective } from './next-token-objective.js';

/** A decode was driven out of order (too many steps, a missing or extra `previous`, a foreign state). */
export class DecodingError extends FlopmatchError {
  constructor(problem: string, fix: string) {
    super('E_DECODING', `next-token decoding: ${problem}`, fix);
  }
}

/** The cache and position of one decode (core's `DecodingState`). */
export class NextTokenDecodingState implements DecodingState {
  /** Image positions whose logits `next` has returned. */
  position = 0;
  constructor(
    readonly owner: NextTokenView,
    readonly batch: number,
    readonly cache: TransformerKVCache,
  ) {}
  /** Frees the cached keys and values. */
  dispose(): void {
    this.cache.dispose();
  }
}

/** `NextTokenModel` over a `NextTokenObjective`'s network. */
export class NextTokenView implements NextTokenModel {
  readonly specVersion = 'v1' as const;
  readonly kind = 'next-token' as const;
  readonly latentShape: LatentShape;
  readonly codebookSize: number;
  readonly #objective: NextTokenObjective;

  constructor(objective: NextTokenObjective) {
    this.#objective = objective;
    const { grid, codebookSize } = objective.config;
    this.latentShape = { height: grid.height, width: grid.width, channels: 1 };
    this.codebookSize = codebookSize;
  }

  condition(prompts: string[]): Conditioning {
    return this.#objective.condition(prompts);
  }

  nullCondition(n: number): Conditioning {
    return this.#objective.nullCondition(n);
  }

  /** Teacher-forced logits without a cache: ids [N, t] → [N, t + 1, K]. */
  logits(ids: tf.Tensor2D, cond: Conditioning): tf.Tensor3D {
    return this.#objective.logits(ids, cond);
  }

  /** Runs the prompt prefix into a fresh cache of capacity L + T. */
  start(cond: Conditioning): NextTokenDecodingState {
    const o = this.#objective;
    const N = cond.ids.shape[0];
    const cache = o.backbone.createCache(N, o.config.promptLength + o.tokenLength);
    try {
      tf.tidy(() => {
        const d = o.backbone.width;
        o.backbone.forwardCached(
          { prefix: o.embedPrompt(cond, N), tokens: tf.zeros([N, 0, d]) as tf.Tensor3D },
          cache,
        );
      });
    } catch (error) {
      cache.dispose();
      throw error;
    }
    return new NextTokenDecodingState(this, N, cache);
  }

  /**
   * Logits [N, K] for image position `state.position`: appends the start-of-image token (first call, no
   * `previous`) or `previous` [N] (the id sampled at the last position) to the cache.
   */
  next(state: DecodingState, previous?: tf.Tensor1D): tf.Tensor2D {
    const o = this.#objective;
    if (!(state instanceof NextTokenDecodingState) || state.owner !== this) {
      throw new DecodingError('the state was not created by this model', 'call model.start(cond) first');
    }
    const T = o.tokenLength;
    if (state.position >= T) {
      throw new DecodingError(`all ${T} image positions were already produced`, 'start a new decode');
    }
    if (state.position === 0 && previous) {
      throw new DecodingError(
        '`previous` was given on the first call after start',
        'omit it: position 0 follows the start-of-image token',
      );
    }
    if (state.position > 0 && !previous) {
      throw new DecodingError(
        `position ${state.position} needs the id sampled at position ${state.position - 1}`,
        'pass it as previous [N]',
      );
    }
    if (previous && (previous.rank !== 1 || previous.shape[0] !== state.batch)) {
      throw new ShapeError('NextTokenModel.next', `previous [${previous.shape}] is not [${state.batch}]`);
    }
    const N = state.batch;
    const d = o.backbone.width;
    const logits = tf.tidy(() => {
      const ids = previous
        ? tf.reshape(tf.cast(previous, 'int32'), [N, 1])
        : tf.fill([N, 1], o.startId, 'int32'); // [N, 1]
      const h = o.backbone.forwardCached(
        { prefix: tf.zeros([N, 0, d]) as tf.Tensor3D, tokens: o.tokens.forward(ids) as tf.Tensor3D },
        state.cache,
      ); // [N, 1, d]
      return tf.reshape(o.head.forward(h), [N, this.codebookSize]) as tf.Tensor2D; // [N, K]
    });
    state.position += 1;
    return logits;
  }

  /** FLOPs of `start` on n sequences: the prompt's L positions through the blocks (ledger prefill). */
  prefillFlops(n: number): FlopCount {
    return scaleFlops(this.#objective.decodePrices().prefill, n);
  }

  /** FLOPs of the `next` call producing image position `position` (query at L + position, L + position + 1 keys). */
  stepFlops(n: number, position: number): FlopCount {
    const steps = this.#objective.decodePrices().steps;
    const step = steps[position];
    if (!Number.isInteger(position) || step === undefined) {
      throw new DecodingError(`no step at position ${position}`, `positions run 0 … ${steps.length - 1}`);
    }
    return scaleFlops(step, n);
  }

  /** FLOPs of one uncached `logits` call on n sequences of `tokens` ids: a causal pass over L + tokens + 1 positions. */
  logitsFlops(n: number, tokens: number): FlopCount {
    const shape = this.#objective.shape;
    return scaleFlops(transformerFlops({ ...shape, tokenLength: tokens + 1 }).forward, n);
  }
}
