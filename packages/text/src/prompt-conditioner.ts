/**
 * The caption side of every objective: a prompt tokenizer, the learned prefix embedding it feeds and the
 * null prompt of classifier-free guidance, in one module the three objectives compose (flow matching,
 * masked-token, next-token), so they condition on text the same way and the comparison stays controlled.
 *
 * Study: Kilian, Jampani & Zettlemoyer 2024, arXiv:2405.13218 (one backbone for all objectives); the null
 * prompt is classifier-free guidance's unconditional input (Ho & Salimans, arXiv:2207.12598, §3.2).
 */
import { type Conditioning, ConfigError, type PromptTokenizer, type RandomSource } from '@flopmatch/core';
import { ShapeError } from '@flopmatch/nn';
import type * as tf from '@tensorflow/tfjs-core';
import { promptBatch } from './prompt-batch.js';
import type { PromptFields } from './prompt-fields.js';
import { TextPrefixEmbedding } from './text-prefix-embedding.js';

/** Runtime inputs of a `PromptConditioner` (not part of any config). */
export interface PromptConditionerOptions {
  /** The prompt tokenizer; its vocabSize must equal the config's `promptVocab`. Required. */
  tokenizer: PromptTokenizer;
  /** d: the backbone's width. Required. */
  dim: number;
  /** Seeds the prefix tables (split into `token` and `position`, as `TextPrefixEmbedding`). Required. */
  rng: RandomSource;
  /** Names the owner's config in a vocabulary mismatch (`invalid <source>`). Default `prompt config`. */
  source?: string;
  /** Names the owner in a shape error (`<name>: conditioning ids …`). Default `PromptConditioner`. */
  name?: string;
}

/**
 * A `TextPrefixEmbedding` (same parameters: `token.weight` [V, d], `position` [L, d]) that also holds its
 * tokenizer and null prompt: prompts → `Conditioning` → prefix [N, L, d].
 *
 * @example
 * const prompt = new PromptConditioner({ promptLength: 16, promptVocab: tokenizer.vocabSize },
 *   { tokenizer, dim: 64, rng: new Rng(0) });
 * const cond = prompt.condition(['a red circle', 'two squares']); // ids [2, 16]
 * prompt.embed(cond, 2); // [2, 16, 64]
 */
export class PromptConditioner extends TextPrefixEmbedding {
  /** The tokenizer prompts are encoded with. */
  readonly tokenizer: PromptTokenizer;
  /** L: tokens per prompt. */
  readonly length: number;
  /** The null prompt's ids at length L (what conditioning dropout substitutes). */
  readonly nullIds: readonly number[];
  readonly #name: string;

  constructor(fields: Pick<PromptFields, 'promptLength' | 'promptVocab'>, options: PromptConditionerOptions) {
    const { tokenizer, dim, rng } = options;
    checkPromptVocab(tokenizer, fields.promptVocab, options.source ?? 'prompt config');
    super({ vocabSize: fields.promptVocab, length: fields.promptLength, dim, rng });
    this.tokenizer = tokenizer;
    this.length = fields.promptLength;
    this.nullIds = tokenizer.nullPrompt(this.length).ids;
    this.#name = options.name ?? 'PromptConditioner';
  }

  /** The caption prefix [N, L, d] of a conditioning whose ids must be [batch, L]. */
  embed(cond: Conditioning, batch: number): tf.Tensor3D {
    const L = this.length;
    if (cond.ids.rank !== 2 || cond.ids.shape[0] !== batch || cond.ids.shape[1] !== L) {
      throw new ShapeError(
        this.#name,
        `conditioning ids [${cond.ids.shape}] are not [${batch}, ${L}]`,
        `encode prompts with condition(prompts) (length ${L}), one row per example`,
      );
    }
    return this.forward(cond.ids);
  }

  /** Prompts → conditioning at length L (the caller disposes `ids`). */
  condition(prompts: string[]): Conditioning {
    return promptBatch(this.tokenizer, prompts, this.length);
  }

  /** n rows of the null prompt. */
  nullCondition(n: number): Conditioning {
    return promptBatch(this.tokenizer, Array<string>(n).fill(''), this.length, Array<boolean>(n).fill(true));
  }
}

/** Throws a `ConfigError` on `promptVocab` (named in `source`) unless it equals the tokenizer's vocabulary. */
export function checkPromptVocab(tokenizer: PromptTokenizer, promptVocab: number, source: string): void {
  if (tokenizer.vocabSize === promptVocab) return;
  throw new ConfigError(source, [
    {
      path: 'promptVocab',
      value: String(promptVocab),
      message: `the tokenizer has ${tokenizer.vocabSize} tokens`,
      fix: `set promptVocab to tokenizer.vocabSize (${tokenizer.vocabSize})`,
    },
  ]);
}
