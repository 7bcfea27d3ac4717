/**
 * The prompt fields every objective config shares (a zod fragment to spread into its `strictObject`), so
 * the three objectives of the study describe their caption the same way: its length, the tokenizer's
 * vocabulary and the conditioning-dropout probability of classifier-free guidance (Ho & Salimans,
 * arXiv:2207.12598, §3.2).
 */
import { z } from 'zod';

const positive = z.number().int().positive();

/**
 * `promptLength`, `promptVocab`, `conditioningDropout`: spread into an objective's schema
 * (`z.strictObject({ ...PROMPT_FIELDS, … })`); `PromptConditioner` reads the first two.
 */
export const PROMPT_FIELDS = {
  /** L: prompt length in tokens (`encodeFixed(text, L)`). Default 16. */
  promptLength: positive.default(16),
  /** Vocabulary of the prompt tokenizer (`tokenizer.vocabSize`), checked against the tokenizer given. Required. */
  promptVocab: positive,
  /** p_uncond: probability that a training prompt is replaced by the null prompt (classifier-free guidance). Default 0.1. */
  conditioningDropout: z.number().min(0).max(1).default(0.1),
};

/** The prompt fields of a parsed objective config (defaults filled). */
export type PromptFields = z.output<z.ZodObject<typeof PROMPT_FIELDS>>;
