/**
 * The prompt tokenizer of a sweep: `@flopmatch/text`'s byte-level BPE trained on the captions of the first
 * training images (deterministic: the same sweep always gives the same tokenizer), up to the sweep's
 * `promptVocab` (a caption grammar with few words may support fewer merges; then the vocabulary is
 * smaller and every objective sizes its prompt embedding by it).
 */
import type { BpeTokenizer } from '@flopmatch/text';
import { trainBpe } from '@flopmatch/text';
import type { Sweep } from '../sweep/sweep-schema.js';
import type { ComponentRegistries } from './components.js';

/** Captions the tokenizer is trained on: at most this many training images. */
export const TOKENIZER_CAPTIONS = 4096;

const cache = new Map<string, BpeTokenizer>();

/** Trains (once per dataset config and vocabulary in this process) the sweep's prompt tokenizer. */
export function promptTokenizer(dataset: Sweep['dataset'], registries: ComponentRegistries): BpeTokenizer {
  const key = JSON.stringify([dataset.id, dataset.options, dataset.trainingSetSize, dataset.promptVocab]);
  const hit = cache.get(key);
  if (hit) return hit;
  const source = registries.datasets.get(dataset.id).create({ ...dataset.options });
  const count = Math.min(TOKENIZER_CAPTIONS, dataset.trainingSetSize, source.size);
  const captions = Array.from({ length: count }, (_, i) => source.get(i).caption);
  const tokenizer = trainBpe(captions, { vocabSize: dataset.promptVocab, allowSmallerVocab: true });
  cache.set(key, tokenizer);
  return tokenizer;
}
