/**
 * Learns byte-level BPE merges from a caption corpus.
 *
 * Byte-pair encoding: Sennrich, Haddow & Birch 2016, "Neural Machine Translation of Rare Words with
 * Subword Units", arXiv:1508.07909, section 3.2, Algorithm 1 — repeatedly replace the most frequent
 * adjacent pair of symbols by a new symbol. Here symbols start as UTF-8 bytes (GPT-2's byte-level
 * variant) and pairs are counted inside pre-tokenised pieces only.
 *
 * Counting: a pair's count is the number of adjacent positions holding it, summed over pieces weighted
 * by how often each piece occurs (so "aaa" counts (a, a) twice); a merge then replaces occurrences left to
 * right without overlap, exactly as encoding does, so the training corpus tokenises to what training saw.
 *
 * Tie-breaking (deterministic, independent of corpus order): among pairs with the highest count the pair
 * with the smallest left id wins, then the smallest right id. Training is thus a function of the multiset
 * of pieces: shuffling the captions does not change the merges.
 */
import { parseConfig } from '@flopmatch/core';
import { MIN_VOCAB_SIZE, type TrainBpeOptions, TrainBpeOptionsSchema } from './bpe-config.js';
import { BYTE_TOKENS, pairKey, unpairKey } from './bpe-merge.js';
import { BpeTokenizer } from './bpe-tokenizer.js';
import { TokenizerError } from './errors.js';
import { preTokenize } from './pre-tokenize.js';
import { utf8Encode } from './utf8.js';

/** Pair counts and, per pair, the words that may hold it (entries may go stale; checked on use). */
interface PairIndex {
  counts: Map<number, number>;
  where: Map<number, Set<number>>;
}

function bump(index: PairIndex, left: number, right: number, delta: number, word: number): void {
  const key = pairKey(left, right);
  const c = (index.counts.get(key) ?? 0) + delta;
  if (c === 0) index.counts.delete(key);
  else index.counts.set(key, c);
  if (delta > 0) {
    const set = index.where.get(key);
    if (set) set.add(word);
    else index.where.set(key, new Set([word]));
  }
}

/**
 * Merges (left, right) → merged in word `w` (occurring `f` times) and updates the pair counts locally:
 * only pairs touching a merged position change. Each old pair touching a merge is removed once (a merge
 * owns its left-neighbour pair, and its right-neighbour pair unless the next merge starts right there);
 * each new pair touching a merged token is added once, by the same rule.
 */
function mergeCounted(
  before: readonly number[],
  left: number,
  right: number,
  merged: number,
  f: number,
  index: PairIndex,
  w: number,
): number[] {
  const n = before.length;
  const startsMerge = (i: number): boolean => i + 1 < n && before[i] === left && before[i + 1] === right;
  const out: number[] = [];
  let i = 0;
  while (i < n) {
    if (!startsMerge(i)) {
      out.push(before[i] as number);
      i += 1;
      continue;
    }
    bump(index, left, right, -f, w);
    if (i > 0) bump(index, before[i - 1] as number, left, -f, w);
    if (out.length > 0) bump(index, out[out.length - 1] as number, merged, f, w);
    if (i + 2 < n && !startsMerge(i + 2)) {
      bump(index, right, before[i + 2] as number, -f, w);
      bump(index, merged, before[i + 2] as number, f, w);
    }
    out.push(merged);
    i += 2;
  }
  return out;
}

/**
 * Trains a byte-level BPE tokenizer on `corpus` (one caption per item) to exactly `options.vocabSize` ids
 * (256 bytes + merges + PAD, BOS, EOS, NULL).
 *
 * Throws `ConfigError` for invalid options, and `TokenizerError` when the corpus has too few distinct
 * pairs to reach `vocabSize` (the message gives the largest size it supports) unless
 * `allowSmallerVocab` is set.
 *
 * @example
 * const tok = trainBpe(['a red circle', 'a blue square'], { vocabSize: 270 });
 * tok.vocabSize; // 270
 */
export function trainBpe(corpus: Iterable<string>, options: TrainBpeOptions): BpeTokenizer {
  const opts = parseConfig(TrainBpeOptionsSchema, options, 'trainBpe options');
  const targetMerges = opts.vocabSize - MIN_VOCAB_SIZE;

  // 1. Count pieces: training only needs each distinct piece once, with its frequency.
  const pieceCounts = new Map<string, number>();
  for (const caption of corpus) {
    for (const piece of preTokenize(caption, opts.preTokenize))
      pieceCounts.set(piece, (pieceCounts.get(piece) ?? 0) + 1);
  }
  const words: number[][] = [];
  const freqs: number[] = [];
  for (const [piece, count] of pieceCounts) {
    words.push(Array.from(utf8Encode(piece)));
    freqs.push(count);
  }

  // 2. Count adjacent pairs and remember which words hold each pair.
  const index: PairIndex = { counts: new Map(), where: new Map() };
  words.forEach((ids, w) => {
    for (let i = 0; i + 1 < ids.length; i++)
      bump(index, ids[i] as number, ids[i + 1] as number, freqs[w] as number, w);
  });

  // 3. Merge the most frequent pair (ties: smallest left id, then right id ⇔ smallest key), update counts.
  const merges: [number, number][] = [];
  while (merges.length < targetMerges) {
    let bestKey = -1;
    let bestCount = 0;
    for (const [key, count] of index.counts) {
      if (count > bestCount || (count === bestCount && key < bestKey)) {
        bestKey = key;
        bestCount = count;
      }
    }
    if (bestCount === 0) break;
    const [left, right] = unpairKey(bestKey);
    const merged = BYTE_TOKENS + merges.length;
    merges.push([left, right]);
    const holders = index.where.get(bestKey) ?? new Set<number>();
    index.where.delete(bestKey);
    // Stale entries (the pair left the word earlier) merge nothing and change no count.
    for (const w of holders)
      words[w] = mergeCounted(words[w] as number[], left, right, merged, freqs[w] as number, index, w);
    if (index.counts.has(bestKey)) {
      throw new TokenizerError(
        `trainBpe: pair counts went out of sync at merge ${merges.length - 1}`,
        'this is a bug: please report it with the corpus',
      );
    }
  }

  if (merges.length < targetMerges && !opts.allowSmallerVocab) {
    const largest = MIN_VOCAB_SIZE + merges.length;
    throw new TokenizerError(
      `trainBpe: the corpus supports only ${merges.length} merges (vocabSize ${largest}), not the ${targetMerges} needed for vocabSize ${opts.vocabSize}`,
      `use vocabSize ≤ ${largest}, train on more captions, use preTokenize 'none', or pass allowSmallerVocab: true`,
    );
  }
  return BpeTokenizer.fromMerges(merges, { preTokenize: opts.preTokenize });
}
